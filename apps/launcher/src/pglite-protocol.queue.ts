import type { PGlite } from '@electric-sql/pglite';

interface PendingMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const SYNC = 0x53; // 'S'
const SIMPLE_QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/** A simple Query message; db.exec would wait for the mutex runExclusive already holds. */
function simpleQuery(sql: string): Uint8Array {
  const text = new TextEncoder().encode(`${sql}\0`);
  const message = new Uint8Array(5 + text.length);
  message[0] = SIMPLE_QUERY;
  new DataView(message.buffer).setInt32(1, 4 + text.length);
  message.set(text, 5);
  return message;
}

/**
 * A connection's message ends a unit of work when it is a Sync (end of an extended-protocol
 * sequence), a simple Query, a Terminate, or the startup packet (which has no type byte, so its
 * first byte is the high byte of its length: 0).
 */
function endsUnit(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === SIMPLE_QUERY || type === TERMINATE || type === 0;
}

/**
 * Schedules the wire-protocol messages of many connections onto the one PGlite backend.
 *
 * pglite-socket 0.2.17's own queue interleaves connections message by message outside a
 * transaction. The backend has a single unnamed prepared statement, so connection A's Parse,
 * then another connection's whole transaction, then A's Bind made A fail with "unnamed prepared
 * statement does not exist" or, worse, execute the other connection's statement with A's
 * parameters. Here a connection keeps the backend from its first message to the Sync (or simple
 * Query) that ends the sequence, and for as long as it is inside a transaction.
 *
 * Plugged into pglite-socket's PGLiteSocketHandler, which keeps doing the socket framing.
 */
export class PgliteProtocolQueue {
  private readonly pending: PendingMessage[] = [];
  /** The connection that holds the backend: mid-sequence or inside a transaction. */
  private owner: number | null = null;
  private midSequence = false;
  private draining = false;

  constructor(private readonly db: PGlite) {}

  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ handlerId, message, onData, resolve, reject });
      void this.drain();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  /** A connection went away: its waiting messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    for (let i = this.pending.length - 1; i >= 0; i--) {
      if (this.pending[i].handlerId === handlerId) this.pending.splice(i, 1)[0].reject(new Error('connection closed'));
    }
  }

  /** A connection went away holding the backend: end its sequence and roll its transaction back, then let others in. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    await this.db.runExclusive(async () => {
      // After an error the backend skips everything up to a Sync; without one the next connection's Parse would vanish.
      if (this.midSequence) await this.db.execProtocolRaw(SYNC_MESSAGE);
      if (this.db.isInTransaction()) await this.db.execProtocolRaw(simpleQuery('ROLLBACK'));
    });
    this.owner = null;
    this.midSequence = false;
    void this.drain();
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (;;) {
        // The owner's next message has not arrived yet when it is mid-sequence: wait for its enqueue.
        const next = this.pending.findIndex((p) => this.owner === null || p.handlerId === this.owner);
        if (next === -1) return;
        const [item] = this.pending.splice(next, 1);
        this.owner = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
          item.resolve(bytes);
        } catch (err) {
          item.reject(err);
        }
        this.midSequence = !endsUnit(item.message);
        if (!this.midSequence && !this.db.isInTransaction()) this.owner = null;
      }
    } finally {
      this.draining = false;
    }
  }
}
