import { AgencyRegisteredV1, AgencyRenamedV1, AgencyRetiredV1 } from './agency.events.js';
import { InnovationRegisteredV1, InnovationRetiredV1, InnovationRevisedV1, InnovationStageChangedV1 } from './innovation.events.js';
import { ReplicationCompletedV1 } from './replication.events.js';

export type ServiceName = 'registry' | 'replication' | 'nomination';

interface EventContract<P> {
  readonly version: number;
  readonly producer: ServiceName;
  readonly payload: new () => P;
  readonly summary: string;
}

/**
 * Every event type, with its current payload version and contract class. Producers validate
 * before writing the outbox row and consumers validate again before handling, because the
 * services deploy separately.
 *
 * WARNING: event type strings are a public contract read by outside subscribers. Never rename or
 * remove one, and never change a payload incompatibly without a new version and a migration plan.
 */
export const EVENT_CATALOG = {
  'innovation.registered': { version: 1, producer: 'registry', payload: InnovationRegisteredV1, summary: 'An innovation was registered' },
  'innovation.revised': { version: 1, producer: 'registry', payload: InnovationRevisedV1, summary: 'An innovation record was revised' },
  'innovation.stage-changed': { version: 1, producer: 'registry', payload: InnovationStageChangedV1, summary: 'An innovation moved to another stage' },
  'innovation.retired': { version: 1, producer: 'registry', payload: InnovationRetiredV1, summary: 'An innovation was retired' },
  'agency.registered': { version: 1, producer: 'registry', payload: AgencyRegisteredV1, summary: 'An agency (OPD) was registered' },
  'agency.renamed': { version: 1, producer: 'registry', payload: AgencyRenamedV1, summary: 'An agency was renamed' },
  'agency.retired': { version: 1, producer: 'registry', payload: AgencyRetiredV1, summary: 'An agency was retired' },
  'replication.completed': { version: 1, producer: 'replication', payload: ReplicationCompletedV1, summary: 'A replication was completed and its benefit evaluated' },
} as const satisfies Record<string, EventContract<object>>;

export type EventType = keyof typeof EVENT_CATALOG;
export type PayloadOf<T extends EventType> = InstanceType<(typeof EVENT_CATALOG)[T]['payload']>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}
