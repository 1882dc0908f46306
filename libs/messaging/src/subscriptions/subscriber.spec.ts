import { overBound } from './backlog-guard.js';
import { newSubscriber, publicSubscriber, seededSubscribers, subscriberProblems } from './subscriber.js';

describe('subscriber records', () => {
  it('seeds EVENT_SUBSCRIBERS as active queue subscribers marked as seeded', () => {
    expect(seededSubscribers('analytics:innovation.*,nomination.*')).toEqual([
      expect.objectContaining({ name: 'analytics', kind: 'queue', patterns: ['innovation.*', 'nomination.*'], state: 'active', source: 'env' }),
    ]);
  });

  it.each([
    [{ name: 'ok', kind: 'queue' as const, patterns: ['innovation.*'] }, []],
    [{ name: 'registry', kind: 'queue' as const, patterns: ['*'] }, []],
    [{ name: 'x-inbox', kind: 'queue' as const, patterns: ['*'] }, ['name']],
    [{ name: 'ok', kind: 'queue' as const, patterns: [] }, ['patterns']],
    [{ name: 'ok', kind: 'queue' as const, patterns: ['innovation.*'], url: 'https://a.example' }, ['url']],
    [{ name: 'ok', kind: 'webhook' as const, patterns: ['*'], url: 'http://a.example' }, ['url']],
    [{ name: 'ok', kind: 'webhook' as const, patterns: ['*'], url: 'https://a.example/hook' }, []],
    [{ name: 'ok', kind: 'queue' as const, patterns: ['*'], provinceCode: '33.19' }, ['provinceCode']],
  ])('checks %p', (input, fields) => {
    expect(subscriberProblems(input).map((p) => p.field)).toEqual(fields);
  });

  it('takes plain http for a webhook only where allowed', () => {
    expect(subscriberProblems({ name: 'ok', kind: 'webhook', patterns: ['*'], url: 'http://127.0.0.1:9/hook' }, { allowHttp: true })).toEqual([]);
  });

  it('never shows a webhook secret again', () => {
    const shown = publicSubscriber(newSubscriber({ name: 'hook', kind: 'webhook', patterns: ['*'], url: 'https://a.example', secret: 'whsec_x' }));
    expect(shown).not.toHaveProperty('secret');
    expect(shown.queue).toBe('hook-events');
  });

  it('is past its bound by backlog length or by the age of its oldest event', () => {
    const bound = { maxBacklog: 10, maxAgeSeconds: 60 };
    expect(overBound(bound, { waiting: 10, oldestAgeSeconds: 60 })).toBeUndefined();
    expect(overBound(bound, { waiting: 11, oldestAgeSeconds: 0 })).toMatch(/11 events waiting/);
    expect(overBound(bound, { waiting: 1, oldestAgeSeconds: 61 })).toMatch(/waited 61 s/);
  });
});
