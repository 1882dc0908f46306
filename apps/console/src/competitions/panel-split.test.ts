import { describe, expect, it } from 'vitest';
import { evenSplit, moveInDraft, panelName } from './panel-split.js';

const juror = (jurorId: string, agencyId: string | null = null) => ({ jurorId, agencyId, regionCode: null, declaredAgencyIds: [], declaredRegionCodes: [] });
const entry = (id: string, agencyId = `agency-${id}`) => ({ id, agencyId, regionCode: '33.19' });

describe('evenSplit', () => {
  it('deals three jurors into two panels and spreads the entries evenly in submission order', () => {
    const draft = evenSplit([juror('j1'), juror('j2'), juror('j3')], ['e1', 'e2', 'e3', 'e4', 'e5'].map((id) => entry(id)), 2);
    expect(draft).toEqual([
      { name: 'Panel A', jurorIds: ['j1', 'j3'], entryIds: ['e1', 'e3', 'e5'] },
      { name: 'Panel B', jurorIds: ['j2'], entryIds: ['e2', 'e4'] },
    ]);
  });

  it('never gives an entry to a panel whose only juror works for its agency', () => {
    const draft = evenSplit([juror('j1', 'dinkes'), juror('j2')], [entry('e1', 'dinkes'), entry('e2', 'dinkes'), entry('e3')], 2);
    expect(draft.map((p) => p.entryIds)).toEqual([['e3'], ['e1', 'e2']]);
  });

  it('leaves with the whole jury an entry no panel may score, and makes no more panels than jurors', () => {
    const draft = evenSplit([juror('j1', 'dinkes')], [entry('e1', 'dinkes')], 3);
    expect(draft).toEqual([{ name: 'Panel A', jurorIds: ['j1'], entryIds: [] }]);
  });
});

describe('moveInDraft', () => {
  it('moves a juror between panels and out of every panel', () => {
    const draft = [
      { name: 'A', jurorIds: ['j1', 'j2'], entryIds: [] },
      { name: 'B', jurorIds: [], entryIds: [] },
    ];
    expect(moveInDraft(draft, 'jurorIds', 'j2', 1).map((p) => p.jurorIds)).toEqual([['j1'], ['j2']]);
    expect(moveInDraft(draft, 'jurorIds', 'j1', -1).map((p) => p.jurorIds)).toEqual([['j2'], []]);
  });

  it('names panels by letter', () => {
    expect([0, 1, 25, 26].map((i) => panelName(i))).toEqual(['Panel A', 'Panel B', 'Panel Z', 'Panel A1']);
  });
});
