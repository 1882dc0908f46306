import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@lumbung/platform';

export class NominationEnv extends ServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  override PORT = 3003;

  /**
   * How often the phase scheduler looks for editions whose next phase is due. Phases change on
   * calendar days, so a minute is plenty; windows also check their dates, so a late tick never
   * lets a late entry or score in.
   */
  @Type(() => Number) @IsInt() @Min(50) @Max(3_600_000)
  PHASE_TICK_MS = 60_000;
}
