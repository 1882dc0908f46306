import type { Role } from '../app/permissions.js';

export const IMPORT_KINDS = ['agencies', 'innovations', 'national-results'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const ADMINS: readonly Role[] = ['region-admin', 'province-admin', 'national-admin'];

/**
 * The imports a role may upload, mirroring each service's POST /imports (its roles) and the rows'
 * own rules: agencies are registered by admins only (AgenciesService), innovations by admins and
 * agency staff (each row checked against the uploader's region and agency, as the API checks it),
 * the national results by those who record them (the national admin, a province for its own).
 */
export function importKindsFor(role: Role): ImportKind[] {
  const kinds: ImportKind[] = ADMINS.includes(role) ? ['agencies', 'innovations'] : role === 'agency-staff' ? ['innovations'] : [];
  if (role === 'province-admin' || role === 'national-admin') kinds.push('national-results');
  return kinds;
}

/** Which service runs a kind's imports. */
export function serviceOf(kind: ImportKind): 'registry' | 'nomination' {
  return kind === 'national-results' ? 'nomination' : 'registry';
}

/** The file types the upload takes, by the name's ending, as the API's fileName check does. */
export function uploadTypeOf(fileName: string): string | null {
  if (/\.csv$/i.test(fileName)) return 'text/csv';
  if (/\.xlsx$/i.test(fileName)) return 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  return null;
}

/** 0..100 from the bytes read of the file: the rows are not known until the end. */
export function progressPercent(job: { bytesRead: number; totalBytes: number; status: string }): number {
  if (job.status === 'done' || job.status === 'failed') return 100;
  return job.totalBytes > 0 ? Math.min(99, Math.floor((job.bytesRead / job.totalBytes) * 100)) : 0;
}
