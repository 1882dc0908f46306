import { KIPP_2023_CRITERIA, type PhaseWindow } from '@lumbung/contracts';
import { applyProposal, categoryProblem, EMPTY_PROPOSAL, returnDeadlineProblem } from './proposal-rules.js';

describe('proposal rules', () => {
  it('applies the sections given in the order of the criteria, keeps the others, and clears one given empty', () => {
    const first = applyProposal(EMPTY_PROPOSAL, { summary: 'Ringkas', sections: [{ criterion: 'significance', text: 'B' }, { criterion: 'background', text: 'A' }] }, KIPP_2023_CRITERIA, '');
    expect(first).toEqual({ proposal: { summary: 'Ringkas', sections: [{ criterion: 'background', text: 'A' }, { criterion: 'significance', text: 'B' }] }, problems: [] });
    const second = applyProposal(first.proposal, { sections: [{ criterion: 'background', text: '' }, { criterion: 'novelty', text: 'C' }] }, KIPP_2023_CRITERIA, '');
    expect(second.proposal).toEqual({ summary: 'Ringkas', sections: [{ criterion: 'novelty', text: 'C' }, { criterion: 'significance', text: 'B' }] });
  });

  it('names the field of a section for no criterion, or one given twice, under the prefix', () => {
    const { problems } = applyProposal(EMPTY_PROPOSAL, { sections: [{ criterion: 'harga', text: 'x' }, { criterion: 'novelty', text: 'a' }, { criterion: 'novelty', text: 'b' }] }, KIPP_2023_CRITERIA, 'proposal');
    expect(problems.map((p) => p.field)).toEqual(['proposal.sections.0.criterion', 'proposal.sections.2.criterion']);
  });

  it('asks for one of the edition’s categories when it has them, and none when it has not', () => {
    const national = { name: 'KIPP 2021', categories: [{ code: 'umum' as const, quota: 10 }, { code: 'replikasi' as const, quota: 5 }] };
    expect(categoryProblem(national, 'umum')).toBeNull();
    expect(categoryProblem(national, null)).toMatch(/in a category: umum, replikasi/);
    expect(categoryProblem(national, 'khusus')).toMatch(/not a category/);
    expect(categoryProblem({ name: 'KIPP Kudus', categories: [] }, null)).toBeNull();
    expect(categoryProblem({ name: 'KIPP Kudus', categories: [] }, 'umum')).toMatch(/has no categories/);
  });

  it('takes a return deadline from today to the end of the administrative check (or of the window without one)', () => {
    const schedule: PhaseWindow[] = [
      { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
      { phase: 'administrative-check', startsOn: '2022-11-14', endsOn: '2022-11-16' },
      { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
    ];
    expect(returnDeadlineProblem(schedule, '2022-11-14', '2022-11-14')).toBeNull();
    expect(returnDeadlineProblem(schedule, '2022-11-16', '2022-11-14')).toBeNull();
    expect(returnDeadlineProblem(schedule, '2022-11-13', '2022-11-14')).toMatch(/past/);
    expect(returnDeadlineProblem(schedule, '2022-11-17', '2022-11-14')).toMatch(/administrative-check phase \(2022-11-16\)/);
    expect(returnDeadlineProblem(schedule.filter((w) => w.phase !== 'administrative-check'), '2022-11-14', '2022-11-01')).toMatch(/submission phase \(2022-11-13\)/);
  });
});
