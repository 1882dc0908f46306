import { DataSource } from 'typeorm';
import type { RegisterInnovationDto } from '@lumbung/contracts';
import type { Principal } from '@lumbung/platform';
import { tokenFor, type RunningService } from '@lumbung/testing';

export const KUDUS = '33.19';
export const DEMAK = '33.21';

/** An agency row written straight to the table, as a test's given state. */
export async function insertAgency(registry: RunningService, regionCode: string, name: string, options: { retired?: boolean } = {}): Promise<string> {
  const [row] = await registry.app.get(DataSource).query(
    `INSERT INTO "registry"."agency" (region_code, name, version, retired_at) VALUES ($1, $2, 1, $3) RETURNING id`,
    [regionCode, name, options.retired ? new Date() : null],
  );
  return row.id;
}

/**
 * A record registered in another year, as a test's given state: the registry sets the year itself
 * (an import of past records, a later issue, is the only other way).
 */
export async function setYearRegistered(registry: RunningService, innovationId: string, year: number): Promise<void> {
  await registry.app.get(DataSource).query(`UPDATE "registry"."innovation" SET year_registered = $2 WHERE id = $1`, [innovationId, year]);
}

/** Rows that a refused request must leave untouched. */
export async function countRows(registry: RunningService): Promise<{ innovations: number; history: number; outbox: number }> {
  const [row] = await registry.app.get(DataSource).query(
    `SELECT (SELECT count(*)::int FROM "registry"."innovation") AS innovations,
            (SELECT count(*)::int FROM "registry"."innovation_history") AS history,
            (SELECT count(*)::int FROM "registry"."outbox") AS outbox`,
  );
  return row;
}

export function innovationBody(regionCode: string, agencyId: string, overrides: Record<string, unknown> = {}): RegisterInnovationDto & Record<string, unknown> {
  return {
    regionCode,
    agencyId,
    name: 'Jos Pakk: layanan perizinan daring',
    typeCode: 'teknologi',
    stage: 'uji-coba',
    initiator: 'opd',
    digital: true,
    form: 'pelayanan-publik',
    governmentAffair: 'penanaman modal',
    trialStartedOn: '2022-01-10',
    problem: 'Warga harus datang berkali-kali ke kantor untuk mengurus izin usaha.',
    design: 'Permohonan izin diajukan dan dilacak secara daring, dokumen diterbitkan dengan tanda tangan elektronik.',
    goals: 'Izin terbit dalam tiga hari kerja.',
    benefits: 'Warga hemat waktu dan biaya.',
    results: 'Waktu terbit izin turun dari 14 hari menjadi 3 hari.',
    evidence: [{ indicator: 'regulasi', url: 'https://jdih.kuduskab.go.id/perbup-12-2023.pdf', note: 'Perbup 12/2023' }],
    yearRegistered: 2022,
    ...overrides,
  } as RegisterInnovationDto & Record<string, unknown>;
}

export const nationalAdmin = (): string => tokenFor({ sub: 'nasional', role: 'national-admin' });
export const regionAdmin = (region: string): string => tokenFor({ sub: `admin-${region}`, role: 'region-admin', region });
export const provinceAdmin = (province: string): string => tokenFor({ sub: `prov-${province}`, role: 'province-admin', province });
export const agencyStaff = (region: string, agency: string): string => tokenFor({ sub: `staff-${agency.slice(0, 8)}`, role: 'agency-staff', region, agency });
export const juror = (): string => tokenFor({ sub: 'juri', role: 'juror', editions: [] } as Principal);
