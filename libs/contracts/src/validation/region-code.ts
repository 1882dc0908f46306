import { Matches } from 'class-validator';

/** Kemendagri area code of a province ("33") or a regency/city ("33.19"). */
export const REGION_CODE_PATTERN = /^\d{2}(\.\d{2})?$/;

export const IsRegionCode = () =>
  Matches(REGION_CODE_PATTERN, { message: '$property must be a Kemendagri region code such as "33" or "33.19"' });

/** The province a region code belongs to: "33.19" → "33", "33" → "33". */
export function provinceOf(regionCode: string): string {
  return regionCode.slice(0, 2);
}

export function isProvinceCode(regionCode: string): boolean {
  return /^\d{2}$/.test(regionCode);
}
