import { buildTracking, type FunnelRow } from './tracking-view.js';

let seq = 0;
const row = (changes: Partial<FunnelRow>): FunnelRow => ({
  id: `e${++seq}`,
  sourceEntryId: null,
  editionId: 'kudus-2022',
  level: 'regency',
  year: 2022,
  innovationId: `i${seq}`,
  innovationName: `Inovasi ${seq}`,
  agencyName: 'Dinas',
  regionCode: '33.19',
  state: 'not-selected',
  rank: null,
  nationalResult: null,
  ...changes,
});

describe('buildTracking', () => {
  const regions = [
    { code: '33.19', name: 'KABUPATEN KUDUS' },
    { code: '33.20', name: 'KABUPATEN JEPARA' },
    { code: '33.21', name: 'KABUPATEN DEMAK' },
    { code: '33', name: 'JAWA TENGAH' },
  ];

  it('counts an entry returned for correction or withdrawn as submitted, not as admitted', () => {
    const view = buildTracking('33', 2022, regions, [row({ state: 'returned' }), row({ state: 'withdrawn' }), row({ state: 'admitted' })]);
    expect(view.regions.find((r) => r.regionCode === '33.19')!.counts).toMatchObject({ submitted: 3, admitted: 1, rejected: 0 });
  });

  it('follows each entry to the province and the national contest and counts the funnel per region', () => {
    const winner = row({ state: 'winner', rank: 1 });
    const atProvince = row({ sourceEntryId: winner.id, level: 'province', editionId: 'jateng-2022', state: 'winner', rank: 2, innovationId: winner.innovationId });
    const atNational = row({ sourceEntryId: atProvince.id, level: 'national', editionId: 'nas-2023', year: 2023, state: 'submitted', nationalResult: 'top-99', innovationId: winner.innovationId });
    const second = row({ state: 'winner', rank: 2 });
    const secondAtProvince = row({ sourceEntryId: second.id, level: 'province', editionId: 'jateng-2022', state: 'not-selected', innovationId: second.innovationId });
    const rejected = row({ state: 'rejected' });
    const unchecked = row({ state: 'submitted' });
    const demak = row({ regionCode: '33.21', editionId: 'demak-2022', state: 'winner', rank: 1 });
    const provincialOpd = row({ regionCode: '33', level: 'province', editionId: 'jateng-2022', state: 'finalist' });
    const view = buildTracking('33', 2022, regions, [winner, atProvince, atNational, second, secondAtProvince, rejected, unchecked, demak, provincialOpd]);

    const kudus = view.regions.find((r) => r.regionCode === '33.19')!;
    expect(kudus.counts).toEqual({ submitted: 4, admitted: 2, rejected: 1, won: 2, forwarded: 2, atProvince: 2, wonAtProvince: 1, atNational: 1, nationalResults: { 'top-99': 1 } });
    expect(kudus.entries[0]).toMatchObject({ innovationId: winner.innovationId, reached: 'national:top-99', regency: { rank: 1 }, province: { rank: 2 }, national: { year: 2023 } });
    expect(kudus.entries[1]).toMatchObject({ reached: 'province:not-selected', national: null });
    expect(view.regions.find((r) => r.regionCode === '33.20')).toEqual({ regionCode: '33.20', regionName: 'KABUPATEN JEPARA', counts: expect.objectContaining({ submitted: 0 }), entries: [] });
    expect(view.regions.find((r) => r.regionCode === '33.21')!.entries[0]).toMatchObject({ reached: 'regency:winner', province: null });
    expect(view.regions.find((r) => r.regionCode === '33')!.entries[0]).toMatchObject({ regency: null, province: { state: 'finalist' }, reached: 'province:finalist' });
    expect(view.totals).toMatchObject({ submitted: 6, won: 3, atProvince: 3, atNational: 1 });
  });
});
