import type { ComplianceCounts } from '@lumbung/contracts';

export const NO_AGENCIES = 'no agencies registered';

/** Counts and share of one set of agencies; no agencies means no share at all, not 0%. */
export function complianceCounts(agencies: number, withInnovation: number): ComplianceCounts {
  if (agencies === 0) return { agencies: 0, withInnovation: 0, withoutInnovation: 0, share: null, percentage: null, note: NO_AGENCIES };
  const ratio = withInnovation / agencies;
  return {
    agencies,
    withInnovation,
    withoutInnovation: agencies - withInnovation,
    share: Math.round(ratio * 10_000) / 10_000,
    percentage: Math.round(ratio * 1000) / 10,
    note: null,
  };
}

/**
 * The instant year `year` ends for "Satu OPD Satu Inovasi": midnight WIB, where Central Java is.
 * A record retired from then on was still on the books when the year closed.
 */
export function endOfYear(year: number): Date {
  return new Date(`${year + 1}-01-01T00:00:00+07:00`);
}

export function currentYear(now = new Date()): number {
  return new Date(now.getTime() + 7 * 3600_000).getUTCFullYear();
}

/** Whether the compliance reminder of `now`'s year is due: from the MM-DD day `from` of that year, in WIB. */
export function complianceReminderDue(now: Date, from: string): boolean {
  const wib = new Date(now.getTime() + 7 * 3600_000).toISOString().slice(5, 10);
  return wib >= from;
}
