import { Type } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
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

  /**
   * Days before a phase window's last day on which competition.deadline-approaching is published,
   * comma-separated ("7,1": a week ahead and the day before). Each is sent once per window.
   */
  @Matches(/^\d{1,3}(,\d{1,3})*$/, { message: 'REMINDER_DAYS_BEFORE must be days separated by commas, such as 7,1' })
  REMINDER_DAYS_BEFORE = '7,1';

  /** How often the reminders are looked for; they are about calendar days, so an hour is plenty. */
  @Type(() => Number) @IsInt() @Min(50) @Max(86_400_000)
  REMINDER_TICK_MS = 3_600_000;
}
