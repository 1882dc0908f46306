import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { replication } from '../api/clients.js';
import type { ReplicationAction, ReplicationStatus } from './replication-actions.js';
import type { ReplicationRequest, ReplicationRequestPage, TimelineEntry } from './replication.types.js';

/** incoming: others replicate ours; outgoing: we replicate theirs; province: every request touching the province. */
export type Direction = 'incoming' | 'outgoing' | 'province';
export const PAGE_SIZE = 20;

/** The requests in one direction, newest activity first, paged by the service's cursor. */
export function useRequestList(direction: Direction, status: ReplicationStatus | undefined, province: string) {
  return useInfiniteQuery({
    queryKey: ['replication-requests', direction, status ?? null, province],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const query = { status, limit: PAGE_SIZE, cursor: pageParam };
      const answer =
        direction === 'incoming'
          ? await replication.GET('/replication-requests/incoming', { params: { query }, signal })
          : direction === 'outgoing'
            ? await replication.GET('/replication-requests/outgoing', { params: { query }, signal })
            : await replication.GET('/provinces/{code}/replication-requests', { params: { path: { code: province }, query }, signal });
      return unwrap(answer) as unknown as ReplicationRequestPage;
    },
    getNextPageParam: (page: ReplicationRequestPage) => page.nextCursor ?? undefined,
  });
}

/** Pages the network reads at most: a province's requests over years fit many times over. */
const NETWORK_PAGES = 20;

/** Every request touching the province, all pages, for the network: the routes need them all at once. */
export function useProvinceNetwork(province: string) {
  return useQuery({
    queryKey: ['replication-network', province],
    queryFn: async ({ signal }) => {
      const requests: ReplicationRequest[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < NETWORK_PAGES; page++) {
        const answer = await replication.GET('/provinces/{code}/replication-requests', { params: { path: { code: province }, query: { limit: 100, cursor } }, signal });
        const { items, nextCursor } = unwrap(answer) as unknown as ReplicationRequestPage;
        requests.push(...items);
        cursor = nextCursor ?? undefined;
        if (!cursor) return { requests, truncated: false };
      }
      return { requests, truncated: true };
    },
  });
}

export const fetchRequest = async (id: string) => unwrap(await replication.GET('/replication-requests/{id}', { params: { path: { id } } })) as unknown as ReplicationRequest;
export const fetchTimeline = async (id: string) => unwrap(await replication.GET('/replication-requests/{id}/timeline', { params: { path: { id } } })) as unknown as TimelineEntry[];

export function useRequest(id: string) {
  return useQuery({ queryKey: ['replication-request', id], queryFn: () => fetchRequest(id) });
}

export function useTimeline(id: string) {
  return useQuery({ queryKey: ['replication-timeline', id], queryFn: () => fetchTimeline(id) });
}

const PATHS = {
  accept: '/replication-requests/{id}/accept',
  decline: '/replication-requests/{id}/decline',
  'sign-agreement': '/replication-requests/{id}/agreement',
  'report-progress': '/replication-requests/{id}/progress',
  implement: '/replication-requests/{id}/implement',
  complete: '/replication-requests/{id}/complete',
  withdraw: '/replication-requests/{id}/withdraw',
  cancel: '/replication-requests/{id}/cancel',
} as const satisfies Record<ReplicationAction, string>;

/**
 * Takes a step on the request, sending the version the user read as If-Match: a request changed
 * meanwhile answers 409 version.stale instead of applying the step to a state the user never saw.
 */
export async function takeStep(id: string, version: number, action: ReplicationAction, body: Record<string, unknown>): Promise<ReplicationRequest> {
  const header = { 'if-match': `"${version}"` };
  const answer = await replication.POST(PATHS[action], { params: { path: { id }, header }, body: body as never });
  return unwrap(answer) as unknown as ReplicationRequest;
}

