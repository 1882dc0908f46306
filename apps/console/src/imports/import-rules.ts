import type { Role } from '../app/permissions.js';

export const IMPORT_KINDS = ['agencies', 'innovations'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const ADMINS: readonly Role[] = ['region-admin', 'province-admin', 'national-admin'];

/**
 * The imports a role may upload, mirroring POST /imports (its roles) and the rows' own rules:
 * agencies are registered by admins only (AgenciesService), innovations by admins and agency staff
 * (each row then checked against the uploader's region and agency, as the API checks it).
 */
export function importKindsFor(role: Role): ImportKind[] {
  if (ADMINS.includes(role)) return [...IMPORT_KINDS];
  return role === 'agency-staff' ? ['innovations'] : [];
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
