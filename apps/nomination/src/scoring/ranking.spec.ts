import { KIPP_2023_CRITERIA } from '@lumbung/contracts';
import { compareMeans, rankEntries, rankFinalists, type CriterionScore } from './ranking.js';

const criteria = [
  { code: 'novelty', weight: 30 },
  { code: 'significance', weight: 50 },
  { code: 'sustainability', weight: 20 },
];

function sheet(entryId: string, jurorId: string, values: Record<string, number>): CriterionScore[] {
  return Object.entries(values).map(([criterion, value]) => ({ entryId, jurorId, criterion, value }));
}

const at = (day: number) => `2022-10-${String(day).padStart(2, '0')}T08:00:00.000Z`;

describe('rankEntries', () => {
  it('ranks by the weighted mean over jurors', () => {
    const entries = [
      { id: 'a', submittedAt: at(13) },
      { id: 'b', submittedAt: at(14) },
    ];
    const scores = [
      ...sheet('a', 'j1', { novelty: 80, significance: 70, sustainability: 60 }), // 24 + 35 + 12 = 71
      ...sheet('a', 'j2', { novelty: 90, significance: 90, sustainability: 90 }), // 90
      ...sheet('b', 'j1', { novelty: 100, significance: 80, sustainability: 70 }), // 30 + 40 + 14 = 84
      ...sheet('b', 'j2', { novelty: 70, significance: 80, sustainability: 90 }), // 21 + 40 + 18 = 79
    ];
    const ranked = rankEntries(criteria, entries, scores);
    expect(ranked.map((r) => [r.entryId, r.rank, r.score, r.jurors])).toEqual([
      ['b', 1, 81.5, 2],
      ['a', 2, 80.5, 2],
    ]);
  });

  it('averages over the jurors who scored each entry when a juror scored only some entries', () => {
    const entries = [
      { id: 'a', submittedAt: at(13) },
      { id: 'b', submittedAt: at(14) },
      { id: 'c', submittedAt: at(15) },
    ];
    const full = { novelty: 60, significance: 60, sustainability: 60 };
    const scores = [
      ...sheet('a', 'j1', full),
      ...sheet('a', 'j2', full),
      ...sheet('b', 'j1', full),
      ...sheet('b', 'j2', full),
      // j3 scored only c, generously; a and b are not punished for j3's absence
      ...sheet('c', 'j3', { novelty: 70, significance: 70, sustainability: 70 }),
    ];
    const ranked = rankEntries(criteria, entries, scores);
    expect(ranked.map((r) => [r.entryId, r.rank, r.score, r.jurors])).toEqual([
      ['c', 1, 70, 1],
      ['a', 2, 60, 2],
      ['b', 3, 60, 2],
    ]);
  });

  it('breaks a tie on the heaviest criterion, then on the earlier submission', () => {
    const entries = [
      { id: 'late-strong', submittedAt: at(20) },
      { id: 'early', submittedAt: at(13) },
      { id: 'late', submittedAt: at(14) },
    ];
    const scores = [
      // all three total 70; late-strong has more on significance (the heaviest)
      ...sheet('late-strong', 'j1', { novelty: 50, significance: 86, sustainability: 60 }), // 15 + 43 + 12 = 70
      ...sheet('early', 'j1', { novelty: 70, significance: 70, sustainability: 70 }),
      ...sheet('late', 'j1', { novelty: 70, significance: 70, sustainability: 70 }),
    ];
    const ranked = rankEntries(criteria, entries, scores);
    expect(ranked.map((r) => r.entryId)).toEqual(['late-strong', 'early', 'late']);
    expect(ranked.map((r) => r.score)).toEqual([70, 70, 70]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 2, 3]);
  });

  it('treats means that are equal as fractions as a real tie (no floating-point artefacts)', () => {
    // 1/3 + 2/3 style sums: 3 jurors whose means are equal only exactly
    const entries = [
      { id: 'x', submittedAt: at(14) },
      { id: 'y', submittedAt: at(13) },
    ];
    const scores = [
      ...sheet('x', 'j1', { novelty: 10.1, significance: 20.2, sustainability: 30.3 }),
      ...sheet('x', 'j2', { novelty: 10.2, significance: 20.2, sustainability: 30.3 }),
      ...sheet('x', 'j3', { novelty: 10.3, significance: 20.2, sustainability: 30.3 }),
      ...sheet('y', 'j1', { novelty: 10.2, significance: 20.2, sustainability: 30.3 }),
    ];
    const [first, second] = rankEntries(criteria, entries, scores);
    expect(first.score).toBe(second.score);
    expect(compareMeans(first.proposal, second.proposal)).toBe(0);
    expect(first.entryId).toBe('y'); // earlier submission
  });

  it('counts a sheet only once every criterion is scored, and leaves unscored entries unranked at the end', () => {
    const entries = [
      { id: 'partial', submittedAt: at(13) },
      { id: 'scored', submittedAt: at(14) },
      { id: 'none', submittedAt: at(12) },
    ];
    const scores = [
      ...sheet('partial', 'j1', { novelty: 100, significance: 100 }),
      ...sheet('scored', 'j1', { novelty: 50, significance: 50, sustainability: 50 }),
      ...sheet('scored', 'j2', { novelty: 100 }),
    ];
    const ranked = rankEntries(criteria, entries, scores);
    expect(ranked.map((r) => [r.entryId, r.rank, r.score, r.jurors, r.partialSheets])).toEqual([
      ['scored', 1, 50, 1, 1],
      ['none', null, null, 0, 0],
      ['partial', null, null, 0, 1],
    ]);
  });

  it('ignores scores of unknown criteria or entries outside the ranking', () => {
    const ranked = rankEntries(criteria, [{ id: 'a', submittedAt: at(13) }], [
      ...sheet('a', 'j1', { novelty: 50, significance: 50, sustainability: 50, extra: 100 }),
      ...sheet('rejected', 'j1', { novelty: 100, significance: 100, sustainability: 100 }),
    ]);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]).toMatchObject({ entryId: 'a', rank: 1, score: 50 });
  });

  it('uses the first-listed criterion among equally heavy ones for the tie-break (2023 national weights: significance)', () => {
    const national = KIPP_2023_CRITERIA.map(({ code, weight }) => ({ code, weight }));
    const base = Object.fromEntries(national.map((c) => [c.code, 60]));
    const entries = [
      { id: 'a', submittedAt: at(13) },
      { id: 'b', submittedAt: at(14) },
    ];
    // Same total (moving 20 points × weight between significance(30) and adaptability(20) is not neutral,
    // so shift 2 points of significance for 3 points of adaptability: 2×30 = 3×20).
    const scores = [
      ...sheet('a', 'j1', { ...base, significance: 58, adaptability: 63 }),
      ...sheet('b', 'j1', { ...base }),
    ];
    const ranked = rankEntries(national, entries, scores);
    expect(ranked[0].score).toBe(ranked[1].score);
    expect(ranked.map((r) => r.entryId)).toEqual(['b', 'a']);
  });
});

describe('rankFinalists', () => {
  const ranked = rankEntries(
    criteria,
    [
      { id: 'a', submittedAt: at(13) },
      { id: 'b', submittedAt: at(14) },
      { id: 'c', submittedAt: at(15) },
    ],
    [
      ...sheet('a', 'j1', { novelty: 90, significance: 90, sustainability: 90 }),
      ...sheet('b', 'j1', { novelty: 80, significance: 80, sustainability: 80 }),
      ...sheet('c', 'j1', { novelty: 70, significance: 70, sustainability: 70 }),
    ],
  );
  const candidate = (id: string, presentationScores: number[]) => {
    const r = ranked.find((x) => x.entryId === id)!;
    return { entryId: id, submittedAt: at(13), proposal: r.proposal, heaviest: r.heaviest, presentationScores };
  };

  it('keeps the proposal order when the presentation does not count', () => {
    const final = rankFinalists([candidate('c', [100]), candidate('a', [0]), candidate('b', [50])], 0);
    expect(final.map((f) => [f.entryId, f.rank, f.finalScore])).toEqual([
      ['a', 1, 90],
      ['b', 2, 80],
      ['c', 3, 70],
    ]);
  });

  it('weighs the presentation in, a finalist who did not present getting 0 for it', () => {
    const final = rankFinalists([candidate('a', []), candidate('b', [90, 100]), candidate('c', [100])], 50);
    expect(final.map((f) => [f.entryId, f.rank, f.finalScore, f.presentationScore])).toEqual([
      ['b', 1, 87.5, 95],
      ['c', 2, 85, 100],
      ['a', 3, 45, null],
    ]);
  });
});

describe('ranking across panels', () => {
  const full = (v: number) => ({ novelty: v, significance: v, sustainability: v });
  // Panel A (jurors a1, a2) is strict, panel B (b1) generous: without centring B's entries take every top place.
  const entries = ['a-best', 'a-mid', 'b-best', 'b-mid'].map((id, i) => ({ id, submittedAt: at(10 + i) }));
  const scores = [
    ...sheet('a-best', 'a1', full(70)),
    ...sheet('a-best', 'a2', full(74)), // 72
    ...sheet('a-mid', 'a1', full(60)),
    ...sheet('a-mid', 'a2', full(62)), // 61
    ...sheet('b-best', 'b1', full(85)),
    ...sheet('b-mid', 'b1', full(80)),
  ];
  const panelOf = new Map([
    ['a-best', 'A'],
    ['a-mid', 'A'],
    ['b-best', 'B'],
    ['b-mid', 'B'],
  ]);

  it("scores each entry by its own panel's jurors and ranks by the score centred on the panel", () => {
    const ranked = rankEntries(criteria, entries, scores, panelOf);
    // overall mean 74.5; panel A mean 66.5 (+8), panel B mean 82.5 (−8)
    expect(ranked.map((r) => [r.entryId, r.rank, r.score, r.panelScore, r.jurors])).toEqual([
      ['a-best', 1, 80, 72, 2],
      ['b-best', 2, 77, 85, 1],
      ['b-mid', 3, 72, 80, 1],
      ['a-mid', 4, 69, 61, 2],
    ]);
  });

  it('never changes the order inside a panel, and is the plain score with one group', () => {
    const centred = rankEntries(criteria, entries, scores, panelOf);
    const plain = rankEntries(criteria, entries, scores);
    for (const panel of ['A', 'B']) {
      const order = (rows: typeof plain) => rows.filter((r) => panelOf.get(r.entryId) === panel).map((r) => r.entryId);
      expect(order(centred)).toEqual(order(plain));
    }
    expect(plain.map((r) => r.score)).toEqual(plain.map((r) => r.panelScore));
    const onePanel = rankEntries(criteria, entries, scores, new Map(entries.map((e) => [e.id, 'A'])));
    expect(onePanel.map((r) => [r.entryId, r.score])).toEqual(plain.map((r) => [r.entryId, r.score]));
  });

  it('keeps ties exact after centring (thirds do not round apart)', () => {
    // panel means 70 and 80/3-ish: equal centred scores must tie and fall to the submission date
    const e = [
      { id: 'x', submittedAt: at(2) },
      { id: 'y', submittedAt: at(1) },
      { id: 'z', submittedAt: at(3) },
    ];
    const s = [...sheet('x', 'j1', full(70)), ...sheet('y', 'j2', full(60)), ...sheet('z', 'j2', full(80))];
    // groups: P = {x} mean 70, Q = {y, z} mean 70: centring changes nothing, y and x tie at 70 → earlier y first
    const ranked = rankEntries(criteria, e, s, new Map([['x', 'P'], ['y', 'Q'], ['z', 'Q']]));
    expect(ranked.map((r) => [r.entryId, r.score])).toEqual([
      ['z', 80],
      ['x', 70],
      ['y', 60],
    ]);
    const three = rankEntries(criteria, [...e, { id: 'w', submittedAt: at(4) }], [...s, ...sheet('w', 'j3', { novelty: 10.1, significance: 20.2, sustainability: 30.3 })], new Map([['x', 'P'], ['y', 'Q'], ['z', 'Q'], ['w', 'R']]));
    const [wRow, xRow] = [three.find((r) => r.entryId === 'w')!, three.find((r) => r.entryId === 'x')!];
    // a panel of one entry is centred onto the overall mean exactly, as is x's
    expect(compareMeans(wRow.proposal, xRow.proposal)).toBe(0);
  });

  it('carries the centred score into the final ranking', () => {
    const ranked = rankEntries(criteria, entries, scores, panelOf);
    const byId = new Map(ranked.map((r) => [r.entryId, r]));
    const final = rankFinalists(
      ['a-best', 'b-best'].map((id) => ({ entryId: id, submittedAt: at(1), proposal: byId.get(id)!.proposal, heaviest: byId.get(id)!.heaviest, presentationScores: [] })),
      0,
    );
    expect(final.map((r) => [r.entryId, r.finalScore])).toEqual([
      ['a-best', 80],
      ['b-best', 77],
    ]);
  });
});
