import { DataSource } from 'typeorm';
import { queryWithin } from '@lumbung/platform';
import type { JsonResponse, RunningService } from '@lumbung/testing';
import { COMMON_WORD, loadInnovations } from '../bench/innovation-corpus.js';
import { KUDUS, nationalAdmin, regionAdmin, startAbused } from './abuse.fixtures.js';

/**
 * Reads cannot starve writes: thirty signed-in callers searching for a word nearly every record
 * holds, all at once, on a table of 10,000 innovations and a pool of five connections. Before the
 * search gate and the read timeout, the searches took every connection for seconds: writes waited
 * past the pool's connect timeout (503) and so did the readiness probe (503), which would have
 * taken every replica out of the load balancer at once.
 */
const SEARCHES = 30;
const INNOVATIONS = 10_000;

describe('a storm of common-word searches', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startAbused('registry', { env: { DATABASE_POOL_SIZE: '5' } });
    await loadInnovations((sql, params) => svc.app.get(DataSource).query(sql, params), INNOVATIONS);
  });
  afterAll(() => svc?.close());

  it('leaves writes answering and readiness up; a search it cannot take is a 503 with Retry-After', async () => {
    let settled = 0;
    const storm = Array.from({ length: SEARCHES }, (_, n) =>
      svc.request('GET', `/innovations?q=${COMMON_WORD}&limit=${20 + n}`, { token: regionAdmin(KUDUS) }).finally(() => settled++),
    );

    // While the storm lasts (and at least three times), a probe and a write, one after the other.
    const during: { ready: number; write: number }[] = [];
    for (let n = 0; n < 3 || settled < SEARCHES; n++) {
      const ready = await svc.request('GET', '/health/ready');
      const write = await svc.request('POST', '/agencies', { token: nationalAdmin(), body: { regionCode: KUDUS, name: `Dinas Badai ${n}` } });
      during.push({ ready: ready.status, write: write.status });
      if (n > 200) break;
    }
    expect(during.filter((d) => d.ready !== 200 || d.write !== 201)).toEqual([]);

    const answers: JsonResponse[] = await Promise.all(storm);
    const refused = answers.filter((a) => a.status !== 200);
    for (const answer of refused) {
      expect({ status: answer.status, code: answer.body?.code }).toEqual({ status: 503, code: 'search.busy' });
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // Some searches got through: the gate bounds them, it does not shut search off.
    expect(answers.length - refused.length).toBeGreaterThan(0);
  });

  it('cancels a read that outlives its statement timeout, and gives its connection back unbounded and out of any transaction', async () => {
    const db = svc.app.get(DataSource);
    await expect(queryWithin(db, 100, 'SELECT pg_sleep(5)', [])).rejects.toMatchObject({ driverError: { code: '57014' } });
    const after = await Promise.all(Array.from({ length: 5 }, () => db.query(`SELECT current_setting('statement_timeout') AS t, now() = statement_timestamp() AS alone`)));
    expect(after.map(([row]) => row)).toEqual(Array.from({ length: 5 }, () => ({ t: '0', alone: true })));
  });
});
