import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../api/api-error.js';
import { nomination, registry, replication } from '../api/clients.js';
import type { components } from '../api/registry.js';

export type Subscriber = components['schemas']['SubscriberView'];
export type QueueCounts = components['schemas']['QueueCounts'];
export type DeadLetter = components['schemas']['DeadLetterView'];

export const SERVICES = ['registry', 'replication', 'nomination'] as const;
export type ServiceName = (typeof SERVICES)[number];
// The three typed clients serve the same operator routes (libs/messaging); the registry's types stand for all.
const CLIENTS = { registry, replication, nomination } as unknown as Record<ServiceName, typeof registry>;

/** Every few seconds: an operator watches a backlog grow or a replay advance. */
const LIVE = 5_000;

/** The outside subscribers: the same list on every service, read from the registry. */
export function useSubscribers() {
  return useQuery({
    queryKey: ['operations', 'subscribers'],
    refetchInterval: LIVE,
    queryFn: async ({ signal }) => unwrap(await registry.GET('/admin/subscribers', { signal })),
  });
}

/** Each service's inbox and the queues it publishes to, with their depth. */
export function useQueues(service: ServiceName) {
  return useQuery({
    queryKey: ['operations', 'queues', service],
    refetchInterval: LIVE,
    queryFn: async ({ signal }) => unwrap(await CLIENTS[service].GET('/admin/queues', { signal })),
  });
}

/** The events a service gave up on and nobody replayed yet. */
export function useOpenDeadLetters(service: ServiceName) {
  return useQuery({
    queryKey: ['operations', 'dead-letters', service],
    refetchInterval: LIVE,
    queryFn: async ({ signal }) => unwrap(await CLIENTS[service].GET('/admin/dead-letters', { params: { query: { status: 'open' } }, signal })),
  });
}

export function usePauseOrResume() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ name, action }: { name: string; action: 'pause' | 'resume' }) =>
      action === 'pause'
        ? unwrap(await registry.POST('/admin/subscribers/{name}/pause', { params: { path: { name } } }))
        : unwrap(await registry.POST('/admin/subscribers/{name}/resume', { params: { path: { name } }, body: { replay: true } })),
    onSettled: () => client.invalidateQueries({ queryKey: ['operations', 'subscribers'] }),
  });
}

export function useReplayDeadLetter(service: ServiceName) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => unwrap(await CLIENTS[service].POST('/admin/dead-letters/{id}/replay', { params: { path: { id } }, body: {} })),
    onSettled: () => client.invalidateQueries({ queryKey: ['operations', 'dead-letters', service] }),
  });
}

/** A replay's progress over every producer: sent and total events, and whether all are done. */
export function replayProgress(progress: Subscriber['replays'][number]['progress']): { sent: number; total: number; done: boolean } {
  const parts = Object.values(progress ?? {});
  return {
    sent: parts.reduce((n, p) => n + p.sent, 0),
    total: parts.reduce((n, p) => n + p.total, 0),
    done: parts.length > 0 && parts.every((p) => !!p.doneAt),
  };
}
