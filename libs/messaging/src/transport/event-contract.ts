import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { UnrecoverableError } from 'bullmq';
import { EVENT_CATALOG, EventEnvelope, isEventType, type EventType, type PayloadOf } from '@lumbung/contracts';

function describe(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((e) => {
    const path = parent ? `${parent}.${e.property}` : e.property;
    return [...Object.values(e.constraints ?? {}).map((m) => `${path}: ${m}`), ...describe(e.children ?? [], path)];
  });
}

export interface ParsedEvent<T extends EventType = EventType> {
  envelope: EventEnvelope<PayloadOf<T>>;
  payload: PayloadOf<T>;
}

/**
 * Validates a received message against the envelope and its type's contract. A message that fails
 * will fail the same way every time, so it is unrecoverable: straight to dead letters, no retries.
 */
export function parseEvent(data: unknown): ParsedEvent {
  if (typeof data !== 'object' || data === null) throw new UnrecoverableError('message is not an event envelope');
  const envelope = plainToInstance(EventEnvelope, data);
  const envelopeErrors = describe(validateSync(envelope, { forbidUnknownValues: false }));
  if (envelopeErrors.length) throw new UnrecoverableError(`invalid envelope: ${envelopeErrors.join('; ')}`);
  if (!isEventType(envelope.type)) throw new UnrecoverableError(`unknown event type ${envelope.type}`);
  const contract = EVENT_CATALOG[envelope.type];
  if (envelope.version !== contract.version) {
    throw new UnrecoverableError(`${envelope.type} version ${envelope.version} is not supported (this service reads version ${contract.version})`);
  }
  const { payload, errors } = checkPayload(envelope.type, envelope.payload);
  if (errors.length) throw new UnrecoverableError(`${envelope.type} breaks its contract: ${errors.join('; ')}`);
  return { envelope: envelope as EventEnvelope<any>, payload: payload as PayloadOf<EventType> };
}

/**
 * A payload against its type's contract class, as field paths and messages (none: it holds). The one
 * check both ends run: the outbox before a producer's write commits, the transport before a handler.
 */
export function checkPayload(type: EventType, data: unknown): { payload: object; errors: string[] } {
  const payload = plainToInstance(EVENT_CATALOG[type].payload as new () => object, data);
  return { payload, errors: describe(validateSync(payload, { forbidUnknownValues: false }), 'payload') };
}
