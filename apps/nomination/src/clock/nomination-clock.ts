import { Injectable } from '@nestjs/common';
import { wibDate } from '../editions/edition-rules.js';

/**
 * The service's one source of "now". Windows, eligibility ages and the phase scheduler all read
 * it, so a test (or a training demo) can replay a past calendar, like Kudus's 2022 one, by moving
 * it, while everything else stays real.
 */
@Injectable()
export class NominationClock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today's date in WIB, as YYYY-MM-DD. */
  today(): string {
    return wibDate(this.now());
  }

  /** Moves the clock so that now() is `at`, and it keeps running from there. */
  travelTo(at: Date): void {
    this.offsetMs = at.getTime() - Date.now();
  }
}
