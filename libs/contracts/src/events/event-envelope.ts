import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '../enums/role.enums.js';

/**
 * Who acted: the account (or service) id and its role, so a consuming service can attribute an action.
 * Never a name or an e-mail: job data is stored in clear text and kept for replay.
 */
export class EventActor {
  /** The account id (the token's subject), or a service's own name such as `phase-scheduler`. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  id: string;

  @IsIn(ROLES)
  role: Role;
}

/**
 * The one envelope every event travels in, on every queue. Consumers deploy apart from producers,
 * so the envelope carries an explicit `version` of the payload's contract from day one.
 * Never put secrets in a payload: BullMQ stores job data in clear text.
 */
export class EventEnvelope<P = Record<string, unknown>> {
  /** Event id; also the BullMQ job id, so a re-sent event dedupes while the job is retained. */
  @IsUUID()
  id: string;

  @Matches(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/, { message: 'type must look like "aggregate.event-name"' })
  type: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;

  @IsISO8601({ strict: true })
  occurredAt: string;

  @IsString()
  @IsNotEmpty()
  producer: string;

  @IsString()
  @IsNotEmpty()
  correlationId: string;

  /** The id of the event that caused this one, when a handler emitted it. */
  @IsOptional()
  @IsString()
  causationId?: string | null;

  @IsString()
  @IsNotEmpty()
  aggregateId: string;

  /** The aggregate's version after the change, so projections can ignore stale events. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  aggregateVersion: number;

  /**
   * Who acted. For an event a consumed event caused, the actor of that event (the person whose action
   * set the chain going), not the consuming service. Optional only for events written before it existed.
   */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EventActor)
  actor?: EventActor;

  @IsObject()
  payload: P;
}
