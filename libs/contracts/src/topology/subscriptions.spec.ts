import { buildSubscriptions, matchesPattern, parseOutsideSubscribers, receives, regionCodesOf, subscribersOf } from './subscriptions.js';

describe('event subscriptions', () => {
  it('matches exact types, aggregate wildcards and the catch-all', () => {
    expect(matchesPattern('innovation.*', 'innovation.registered')).toBe(true);
    expect(matchesPattern('innovation.*', 'innovations.registered')).toBe(false);
    expect(matchesPattern('innovation.*', 'agency.registered')).toBe(false);
    expect(matchesPattern('replication.completed', 'replication.completed')).toBe(true);
    expect(matchesPattern('replication.completed', 'replication.accepted')).toBe(false);
    expect(matchesPattern('*', 'nomination.won')).toBe(true);
  });

  it('parses outside subscribers into queues of their own', () => {
    expect(parseOutsideSubscribers('analytics:innovation.*,nomination.*; exporter:innovation.registered')).toEqual([
      expect.objectContaining({ queue: 'analytics-events', patterns: ['innovation.*', 'nomination.*'] }),
      expect.objectContaining({ queue: 'exporter-events', patterns: ['innovation.registered'] }),
    ]);
    expect(parseOutsideSubscribers(undefined)).toEqual([]);
    expect(parseOutsideSubscribers('  ')).toEqual([]);
  });

  it.each([
    ['Analytics:innovation.*', /not a valid subscriber name/],
    ['analytics', /lists no event patterns/],
    ['analytics:', /lists no event patterns/],
    ['analytics:innovation.registered;bad name:x.y', /not a valid subscriber name/],
    ['analytics:innovation registered', /not an event pattern/],
  ])('refuses %p with a message saying what is wrong', (spec, message) => {
    expect(() => parseOutsideSubscribers(spec)).toThrow(message);
  });

  it("fans an event out to every subscriber whose pattern matches, the services' inboxes included", () => {
    const subs = buildSubscriptions('audit:innovation.*');
    expect(subscribersOf('innovation.revised', subs).map((s) => s.queue).sort()).toEqual(['audit-events', 'nomination-inbox', 'replication-inbox']);
    expect(subscribersOf('replication.completed', subs).map((s) => s.queue).sort()).toEqual(['nomination-inbox', 'registry-inbox']);
    expect(subscribersOf('agency.registered', subs).map((s) => s.queue)).toEqual(['replication-inbox']);
  });
});

describe('province filter', () => {
  const sub = { queue: 'jateng-events', patterns: ['*'], settings: { attempts: 1, backoffMs: 1, concurrency: 1 }, provinceCode: '33' };

  it('finds every region a payload names, at any depth and under any …RegionCode', () => {
    expect(regionCodesOf({ innovation: { regionCode: '33.19', provinceCode: '33' }, adopterRegionCode: '34.02', note: 'x' }).sort()).toEqual(['33', '33.19', '34.02']);
    expect(regionCodesOf(null)).toEqual([]);
  });

  it.each([
    [{ regionCode: '33.19' }, true],
    [{ provinceCode: '33' }, true],
    [{ originRegionCode: '34.02', adopterRegionCode: '33.21' }, true],
    [{ regionCode: '34.02' }, false],
    [{ regionCode: '330.1' }, false],
    [{ provinceCode: null, editionId: 'x' }, false],
  ])('keeps %p: %p', (payload, kept) => {
    expect(receives(sub, 'innovation.registered', payload)).toBe(kept);
  });

  it('keeps every event for a subscriber without a province, and none outside its patterns', () => {
    expect(receives({ ...sub, provinceCode: null }, 'competition.opened', { provinceCode: null })).toBe(true);
    expect(receives({ ...sub, patterns: ['agency.*'] }, 'innovation.registered', { regionCode: '33.19' })).toBe(false);
  });
});
