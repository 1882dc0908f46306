import type { Role } from '@lumbung/contracts';

/** Who is calling, from the verified bearer token. */
export interface Principal {
  /** Token subject: a user or service id. */
  sub: string;
  role: Role;
  /** Regency/city code for region-admin and agency-staff. */
  region?: string;
  /** Province code for province-admin. */
  province?: string;
  /** Agency id for agency-staff. */
  agency?: string;
  /** Competition edition ids a juror is assigned to. */
  editions?: string[];
}

/** What a write carries besides its data: who, and the correlation id that follows it into events. */
export interface CommandContext {
  actor: Principal;
  correlationId: string;
  /** Set when the write is caused by a consumed event. */
  causationId?: string;
  /** Set when the write is caused by a consumed event: who acted in that event, carried into this write's events. */
  onBehalfOf?: { id: string; role: Principal['role'] };
}
