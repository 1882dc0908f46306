import { ConflictException } from '@nestjs/common';

/**
 * How many times a write made without a lock is tried before it gives up with a 409. It loses only
 * to another write of the same row, which its next read sees, and each round of racing writers has
 * a winner: only a row changing under every attempt gets this far, and that is not one to write
 * blindly. One number for every service, so their writes give up alike.
 */
export const OPTIMISTIC_ATTEMPTS = 10;

/** A write that found its row no longer as it read it; once the attempts are spent, its message is the 409's. */
export class ChangedMeanwhile extends ConflictException {}

/**
 * Runs `attempt` (a read, then a write that applies only if the row is still as read) until it does
 * not lose a race, which it says by throwing ChangedMeanwhile; any other error ends it at once.
 */
export async function writeOptimistically<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (err) {
      if (!(err instanceof ChangedMeanwhile) || n === OPTIMISTIC_ATTEMPTS) throw err;
    }
  }
}
