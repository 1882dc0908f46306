import { describe, expect, it } from 'vitest';
import { replayProgress } from './operations.queries.js';

const part = (sent: number, total: number, doneAt: string | null) => ({ sent, total, doneAt, cursor: null, head: null, startedAt: null });

describe('replay progress', () => {
  it('adds up the producers and is done only when each is', () => {
    expect(replayProgress({ registry: part(10, 10, '2026-12-05T00:00:00Z'), replication: part(3, 8, null) })).toEqual({ sent: 13, total: 18, done: false });
    expect(replayProgress({ registry: part(10, 10, '2026-12-05T00:00:00Z') })).toEqual({ sent: 10, total: 10, done: true });
  });

  it('is not done before any producer took it up', () => {
    expect(replayProgress({})).toEqual({ sent: 0, total: 0, done: false });
  });
});
