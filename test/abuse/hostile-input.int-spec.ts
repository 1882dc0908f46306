import fc from 'fast-check';
import type { RunningService } from '@lumbung/testing';
import { agencyStaff, documentedRoutes, juror, KUDUS, nationalAdmin, regionAdmin, rowCounts, startAbused, type Route, type ServiceName } from './abuse.fixtures.js';
import { HOSTILE_STRINGS, hostileBody, hostileHeaders, hostileString, hostileValue } from './hostile.js';

/**
 * Random and hostile bodies, query strings and headers at every documented route of each service:
 * never a 5xx, and a refused request (or any read) leaves every table, the outbox included, as it was.
 * Runs per route are few (the whole abuse suite must stay quick on a loaded 2-core machine);
 * fast-check prints the seed and the shrunk request of any failure, so a failure replays exactly.
 */
const RUNS_PER_ROUTE = Number(process.env.ABUSE_RUNS_PER_ROUTE ?? 6);

/** SQL meta-characters and tsquery operators: what a search box or a filter may receive. */
const SEARCH_SYNTAX = HOSTILE_STRINGS.slice(0, 24).concat(['a\u0000b', 'a'.repeat(5000), '😀']);

/** Percent-encodes a path segment; a lone surrogate (which encodeURIComponent refuses) goes as bytes that are not UTF-8 at all. */
const segment = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80';
  }
};

/** fast-check's counterexample and seed, then what the property threw, without its long hint text. */
const describeFailure = (err: Error) => {
  const cause = err.cause instanceof Error ? err.cause.message : '';
  return [...err.message.split('\n').filter((line) => /^(Property failed|\{ seed|Counterexample)/.test(line)), cause].join('\n');
};

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

async function seed(service: ServiceName, svc: RunningService): Promise<string[]> {
  const admin = nationalAdmin();
  if (service === 'registry') {
    const agency = await svc.request('POST', '/agencies', { token: admin, body: { regionCode: KUDUS, name: 'Dinas Kesehatan' } });
    return [agency.body?.id].filter(Boolean);
  }
  if (service === 'nomination') {
    const edition = await svc.request('POST', '/editions', {
      token: admin,
      body: {
        level: 'regency', ownerRegionCode: KUDUS, year: 2022, name: 'KIPP Kudus 2022', criteriaPreset: 'kipp-2023',
        schedule: [
          { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
          { phase: 'administrative-check', startsOn: '2022-11-14', endsOn: '2022-11-16' },
          { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
          { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
        ],
      },
    });
    return [edition.body?.id].filter(Boolean);
  }
  return [];
}

describe.each<ServiceName>(['registry', 'replication', 'nomination'])('%s under hostile input', (service) => {
  let svc: RunningService;
  let routes: Route[];
  let ids: string[];
  let tokens: string[];

  beforeAll(async () => {
    // ROLE=http: the API part only. A relay publishing (and pruning) outbox rows or a phase tick
    // advancing the seeded edition would change row counts between a request's two snapshots.
    svc = await startAbused(service, { env: { ROLE: 'http' } });
    routes = await documentedRoutes(svc);
    ids = await seed(service, svc);
    tokens = [nationalAdmin(), regionAdmin(KUDUS), agencyStaff(KUDUS, ids[0] ?? '5b1c8f0e-0000-4000-8000-000000000000'), juror(ids)];
  });
  afterAll(() => svc?.close());

  const send = async (r: Sent) => {
    const res = await fetch(svc.baseUrl + r.url, { method: r.method, headers: r.headers, body: r.body });
    await res.arrayBuffer();
    return res.status;
  };

  const requestFor = (route: Route) =>
    fc
      .record({
        params: fc.array(fc.oneof(ids.length ? fc.constantFrom(...ids) : fc.uuid(), fc.uuid(), hostileString), { minLength: route.pathParams.length, maxLength: route.pathParams.length }),
        query: fc.dictionary(fc.oneof(route.query.length ? fc.constantFrom(...route.query) : hostileString, hostileString), fc.oneof(hostileString, fc.array(hostileString, { maxLength: 2 })), { maxKeys: 4 }),
        body: hostileBody(route.bodyProps),
        headers: hostileHeaders,
        token: fc.constantFrom(...tokens),
      })
      .map(({ params, query, body, headers, token }): Sent => {
        let path = route.path;
        route.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, segment(params[i]))));
        const qs = new URLSearchParams();
        for (const [k, v] of Object.entries(query)) for (const one of [v].flat()) qs.append(k, String(one));
        const url = qs.size ? `${path}?${qs}` : path;
        const sent: Sent = { method: route.method, url, headers: { authorization: `Bearer ${token}`, ...headers } };
        if (route.method !== 'GET') sent.body = typeof body === 'string' ? body : JSON.stringify(body);
        else delete sent.headers['content-type'];
        return sent;
      });

  it('documents its routes (the fuzzing below covers each one)', () => {
    expect(routes.length).toBeGreaterThan(5);
  });

  it('answers every route below 500 and changes nothing when it refuses', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async (sent) => {
          const before = await rowCounts(svc, service);
          const status = await send(sent);
          if (status >= 500) throw new Error(`${status} for ${JSON.stringify(sent)}`);
          if (status >= 400 || sent.method === 'GET') {
            const after = await rowCounts(svc, service);
            if (JSON.stringify(after) !== JSON.stringify(before)) throw new Error(`${status} yet rows changed ${JSON.stringify(before)} -> ${JSON.stringify(after)} for ${JSON.stringify(sent)}`);
          }
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      ).catch((err: Error) => failures.push(`${route.method} ${route.path}: ${describeFailure(err)}`));
    }
    expect(failures).toEqual([]);
  });

  it('takes SQL meta-characters and tsquery syntax in every query parameter as data: 200 or 400, never 500, nothing changed', async () => {
    const before = await rowCounts(svc, service);
    const odd: string[] = [];
    for (const route of routes.filter((r) => r.method === 'GET' && r.query.length && !r.pathParams.length)) {
      for (const name of route.query) {
        for (const value of SEARCH_SYNTAX) {
          const url = `${route.path}?${new URLSearchParams({ [name]: value })}`;
          const res = await svc.request('GET', url, { token: nationalAdmin() });
          if (![200, 400].includes(res.status)) odd.push(`${res.status} GET ${url.slice(0, 120)}`);
        }
      }
    }
    expect(odd).toEqual([]);
    expect(await rowCounts(svc, service)).toEqual(before);
  });

  it('refuses a body over 1 MiB with 413 on every write route, and changes nothing', async () => {
    const before = await rowCounts(svc, service);
    const huge = JSON.stringify({ name: 'x'.repeat(1024 * 1024 + 16) });
    for (const route of routes.filter((r) => r.method !== 'GET')) {
      let path = route.path;
      for (const name of route.pathParams) path = path.replace(`{${name}}`, ids[0] ?? '5b1c8f0e-0000-4000-8000-000000000000');
      const res = await svc.request(route.method, path, { token: nationalAdmin(), body: huge });
      expect({ route: `${route.method} ${route.path}`, status: res.status }).toEqual({ route: `${route.method} ${route.path}`, status: 413 });
    }
    expect(await rowCounts(svc, service)).toEqual(before);
  });

  it('refuses a NUL character or an unpaired surrogate in any field with a 400 naming it (PostgreSQL cannot store them)', async () => {
    const before = await rowCounts(svc, service);
    for (const route of routes.filter((r) => r.method !== 'GET' && r.bodyProps.length)) {
      let path = route.path;
      for (const name of route.pathParams) path = path.replace(`{${name}}`, ids[0] ?? '5b1c8f0e-0000-4000-8000-000000000000');
      const field = route.bodyProps[0];
      for (const [value, named] of [['Jos\u0000Pakk', /NUL/], ['Jos\ud800Pakk', /surrogate/]] as const) {
        // Guards run before pipes: a juror-only route is reached with a juror's token.
        let res = await svc.request(route.method, path, { token: nationalAdmin(), body: { [field]: value } });
        if (res.status === 403) res = await svc.request(route.method, path, { token: juror(ids), body: { [field]: value } });
        expect({ route: `${route.method} ${route.path}`, status: res.status, errors: res.body?.errors }).toEqual({
          route: `${route.method} ${route.path}`,
          status: 400,
          errors: [{ field, code: 'field.unstorable-text', messages: [expect.stringMatching(named)] }],
        });
      }
    }
    expect(await rowCounts(svc, service)).toEqual(before);
  });

  it('keeps hostile values in known fields of a write to 4xx (property: one write route at a time)', async () => {
    // hostileValue is also exercised through the bodies above; this pins that a value alone (no key noise) is handled.
    const writes = routes.filter((r) => r.method !== 'GET' && r.bodyProps.length);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...writes), hostileValue, async (route, value) => {
        let path = route.path;
        for (const name of route.pathParams) path = path.replace(`{${name}}`, ids[0] ?? '5b1c8f0e-0000-4000-8000-000000000000');
        const res = await svc.request(route.method, path, { token: nationalAdmin(), body: Object.fromEntries(route.bodyProps.map((p) => [p, value])) });
        if (res.status >= 500) throw new Error(`${res.status} ${route.method} ${path}: ${JSON.stringify(res.body)}`);
      }),
      { numRuns: Math.max(20, writes.length * 2) },
    );
  });
});
