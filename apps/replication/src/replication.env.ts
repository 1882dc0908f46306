import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@lumbung/platform';

export class ReplicationEnv extends ServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  override PORT = 3002;

  /** An open request with no step by a party for this many days is flagged as stalled. */
  @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  REPLICATION_STALLED_DAYS = 30;

  /** How often stalled requests are looked for (replication.stalled); idleness is counted in days, so an hour is plenty. */
  @Type(() => Number) @IsInt() @Min(50) @Max(86_400_000)
  REMINDER_TICK_MS = 3_600_000;
}
