import type { EntityManager } from 'typeorm';
import type { EventEnvelope, EventType, PayloadOf } from '@lumbung/contracts';
import type { CommandContext } from '@lumbung/platform';

/**
 * What an @EventPattern handler receives. The handler runs inside the transaction that recorded the
 * event in the inbox: it writes through `manager` (and appends its own events with `context`), so
 * its effect, the inbox row and its outgoing events commit together, once.
 */
export interface ReceivedEvent<T extends EventType = EventType> {
  envelope: EventEnvelope<PayloadOf<T>>;
  payload: PayloadOf<T>;
  manager: EntityManager;
  /** Actor "service", the event's correlation id, and the event id as causation. */
  context: CommandContext;
  attempt: number;
}
