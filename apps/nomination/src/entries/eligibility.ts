import { INNOVATION_STAGES, type EligibilityRules, type InnovationSnapshot } from '@lumbung/contracts';

/** `date` (YYYY-MM-DD) plus whole years; 29 Feb + 1 year is 1 Mar, as anniversaries fall in practice. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

/**
 * Why an innovation may not enter an edition with these rules on `today`, or null. The age counts
 * from the implementation date (the national rule: "sudah diimplementasikan minimal 2 tahun"),
 * from the trial date for one never implemented.
 */
export function eligibilityProblem(rules: EligibilityRules, innovation: InnovationSnapshot, today: string, wonBefore: boolean): string | null {
  if (innovation.retiredAt) return `${innovation.name} was retired on ${innovation.retiredAt.slice(0, 10)}`;
  if (rules.requiredStage && INNOVATION_STAGES.indexOf(innovation.stage) < INNOVATION_STAGES.indexOf(rules.requiredStage)) {
    return `${innovation.name} is at the ${innovation.stage} stage; this edition requires ${rules.requiredStage}`;
  }
  if (rules.minAgeYears > 0) {
    const since = innovation.implementedOn ?? innovation.trialStartedOn;
    if (!since) return `${innovation.name} has no implementation or trial date, and this edition requires ${rules.minAgeYears} year(s)`;
    const oldEnough = addYears(since, rules.minAgeYears);
    if (oldEnough > today) return `${innovation.name} has run since ${since.slice(0, 10)}; this edition requires ${rules.minAgeYears} year(s), reached on ${oldEnough}`;
  }
  if (wonBefore && !rules.previousWinnersAllowed) return `${innovation.name} already won an earlier edition of this level, and this edition admits no previous winners`;
  return null;
}
