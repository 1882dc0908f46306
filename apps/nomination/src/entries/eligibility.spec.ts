import type { EligibilityRules, InnovationSnapshot } from '@lumbung/contracts';
import { addYears, eligibilityProblem } from './eligibility.js';

const rules: EligibilityRules = { minAgeYears: 2, requiredStage: 'penerapan', entriesPerAgency: 1, previousWinnersAllowed: false };
const innovation = {
  name: 'Jos Pakk',
  stage: 'penerapan',
  trialStartedOn: '2019-06-01',
  implementedOn: '2020-03-10',
  retiredAt: null,
} as InnovationSnapshot;

describe('eligibility', () => {
  it('admits an innovation implemented at least the minimum years ago, on the anniversary itself', () => {
    expect(eligibilityProblem(rules, innovation, '2022-03-10', false)).toBeNull();
    expect(eligibilityProblem(rules, innovation, '2022-03-09', false)).toMatch(/requires 2 year\(s\), reached on 2022-03-10/);
  });

  it('counts from the trial for an innovation never implemented, and needs a date when there is a minimum', () => {
    const trial = { ...innovation, stage: 'uji-coba', implementedOn: null } as InnovationSnapshot;
    expect(eligibilityProblem({ ...rules, requiredStage: null }, trial, '2021-06-01', false)).toBeNull();
    expect(eligibilityProblem({ ...rules, requiredStage: null }, { ...trial, trialStartedOn: null }, '2021-06-01', false)).toMatch(/no implementation or trial date/);
    expect(eligibilityProblem({ ...rules, minAgeYears: 0, requiredStage: null }, { ...trial, trialStartedOn: null }, '2021-06-01', false)).toBeNull();
  });

  it('refuses a stage not reached, a retired innovation and, when the rules say so, a previous winner', () => {
    expect(eligibilityProblem(rules, { ...innovation, stage: 'uji-coba' }, '2023-01-01', false)).toMatch(/requires penerapan/);
    expect(eligibilityProblem(rules, { ...innovation, retiredAt: '2022-01-05T00:00:00.000Z' }, '2023-01-01', false)).toMatch(/retired on 2022-01-05/);
    expect(eligibilityProblem(rules, innovation, '2023-01-01', true)).toMatch(/already won/);
    expect(eligibilityProblem({ ...rules, previousWinnersAllowed: true }, innovation, '2023-01-01', true)).toBeNull();
  });

  it('adds years to a leap day as the next day', () => {
    expect(addYears('2020-02-29', 1)).toBe('2021-03-01');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
  });
});
