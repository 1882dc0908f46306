import type { ReplicationStatus } from './replication-actions.js';

/** What the network needs of a request: which innovation, from which region, to which, how far. */
export interface NetworkRequest {
  originInnovationId: string;
  originInnovationName: string;
  originRegionCode: string;
  adopterRegionCode: string;
  status: ReplicationStatus;
}

/** One innovation travelling from one region to another, however many of the adopter's agencies asked. */
export interface NetworkRoute {
  key: string;
  innovationId: string;
  innovationName: string;
  from: string;
  to: string;
  requests: number;
  /** The furthest any of its requests got. */
  furthest: ReplicationStatus;
}

/** Refused or abandoned requests carried nothing anywhere: the network leaves them out. */
const NOT_TRAVELLED: ReadonlySet<ReplicationStatus> = new Set<ReplicationStatus>(['declined', 'withdrawn', 'cancelled']);
/** How far a request got, for picking the furthest of a route. */
const PROGRESS: readonly ReplicationStatus[] = ['requested', 'accepted', 'agreement-signed', 'in-progress', 'implemented', 'completed'];

/** The routes of a province's requests, most requested first, then by innovation name. */
export function routesOf(requests: readonly NetworkRequest[]): NetworkRoute[] {
  const routes = new Map<string, NetworkRoute>();
  for (const r of requests) {
    if (NOT_TRAVELLED.has(r.status)) continue;
    const key = `${r.originInnovationId}:${r.originRegionCode}>${r.adopterRegionCode}`;
    const route = routes.get(key);
    if (!route) {
      routes.set(key, { key, innovationId: r.originInnovationId, innovationName: r.originInnovationName, from: r.originRegionCode, to: r.adopterRegionCode, requests: 1, furthest: r.status });
    } else {
      route.requests += 1;
      if (PROGRESS.indexOf(r.status) > PROGRESS.indexOf(route.furthest)) route.furthest = r.status;
    }
  }
  return [...routes.values()].sort((a, b) => b.requests - a.requests || a.innovationName.localeCompare(b.innovationName, 'id'));
}

/** The regions the routes touch, each once, in code order so the drawing is the same every time. */
export const regionsOf = (routes: readonly NetworkRoute[]): string[] => [...new Set(routes.flatMap((r) => [r.from, r.to]))].sort();

/** Regions on a circle (a handful to a few dozen): every route is a chord no node hides. */
export function circleLayout(codes: readonly string[], radius = 220): Record<string, { x: number; y: number }> {
  const step = (2 * Math.PI) / Math.max(codes.length, 1);
  return Object.fromEntries(codes.map((code, i) => [code, { x: Math.round(radius + radius * Math.cos(i * step - Math.PI / 2)), y: Math.round(radius + radius * Math.sin(i * step - Math.PI / 2)) }]));
}
