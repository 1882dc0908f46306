import { DataSource } from 'typeorm';
import type { Principal } from '@lumbung/platform';
import { startService, tokenFor, type RunningService, type StartOptions } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';

export const KUDUS = '33.19';
export const DEMAK = '33.21';

export type ServiceName = 'registry' | 'replication' | 'nomination';

const FACTORIES = {
  registry: (env: Record<string, string | undefined>) => createRegistryApp(env),
  replication: (env: Record<string, string | undefined>) => createReplicationApp(env),
  nomination: (env: Record<string, string | undefined>) => createNominationApp(env),
};

export const startAbused = (service: ServiceName, options: StartOptions = {}): Promise<RunningService> => startService(FACTORIES[service], options);

export const token = (p: Principal, ttl?: number) => tokenFor(p, ttl);
export const nationalAdmin = () => tokenFor({ sub: 'kemenpanrb', role: 'national-admin' });
export const regionAdmin = (region: string) => tokenFor({ sub: `admin-${region}`, role: 'region-admin', region });
export const provinceAdmin = (province: string) => tokenFor({ sub: `prov-${province}`, role: 'province-admin', province });
export const agencyStaff = (region: string, agency: string) => tokenFor({ sub: `staff-${agency.slice(0, 8)}`, role: 'agency-staff', region, agency });
export const juror = (editions: string[] = [], sub = 'juri') => tokenFor({ sub, role: 'juror', editions });
export const service = () => tokenFor({ sub: 'exporter', role: 'service' });

/**
 * Row count of every table of the service's schema, outbox and inbox included: what a refused
 * request must leave as it was. One statement, so the snapshot is consistent.
 */
export async function rowCounts(svc: RunningService, schema: ServiceName): Promise<Record<string, number>> {
  const db = svc.app.get(DataSource);
  const tables: { name: string }[] = await db.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> 'migrations' ORDER BY 1`,
    [schema],
  );
  const [row] = await db.query(`SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${schema}"."${t.name}") AS "${t.name}"`).join(', ')}`);
  return row;
}

export interface Route {
  method: string;
  /** OpenAPI form, /innovations/{id}. */
  path: string;
  pathParams: string[];
  query: string[];
  /** Top-level properties of the JSON body's schema, if it has one. */
  bodyProps: string[];
  public: boolean;
}

/** Every route the service documents, read from its own /docs-json, so a new route is fuzzed without editing a test. */
export async function documentedRoutes(svc: RunningService): Promise<Route[]> {
  const res = await svc.request('GET', '/docs-json');
  if (res.status !== 200) throw new Error(`/docs-json answered ${res.status}`);
  const doc = res.body as {
    paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> }; security?: unknown[] }>>;
    components?: { schemas?: Record<string, { properties?: Record<string, unknown> }> };
  };
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const ref = op.requestBody?.content?.['application/json']?.schema?.$ref;
      const schema = ref ? doc.components?.schemas?.[ref.split('/').pop()!] : undefined;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        bodyProps: Object.keys(schema?.properties ?? {}),
        public: Array.isArray(op.security) && op.security.length === 0,
      });
    }
  }
  return routes;
}
