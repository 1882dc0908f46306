import { buildSubscriptions, matchesPattern, parseOutsideSubscribers, subscribersOf } from './subscriptions.js';

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
