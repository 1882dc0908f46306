import { jest } from '@jest/globals';
import type { ArgumentsHost } from '@nestjs/common';
import { BadRequestException } from '@nestjs/common';
import { databaseProbe, DatabaseErrorFilter } from './database-error.filter.js';

/** A reply and an HTTP adapter that only record what was answered; `answered` settles when one is sent. */
function harness() {
  let settle!: () => void;
  const answered = new Promise<void>((resolve) => (settle = resolve));
  const answer: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
  const reply = {
    status(code: number) {
      answer.status = code;
      return reply;
    },
    header(name: string, value: string) {
      answer.headers[name] = value;
      return reply;
    },
    send(body: unknown) {
      answer.body = body;
      settle();
    },
  };
  const adapter = {
    reply: (_res: unknown, body: unknown, status: number) => {
      answer.status = status;
      answer.body = body;
      settle();
    },
    setHeader: (_res: unknown, name: string, value: string) => {
      answer.headers[name] = value;
    },
    isHeadersSent: () => false,
    end: () => undefined,
  };
  const host = { getType: () => 'http', switchToHttp: () => ({ getResponse: () => reply, getRequest: () => ({}) }), getArgByIndex: () => reply } as unknown as ArgumentsHost;
  return { answer, adapter, host, answered };
}

describe('DatabaseErrorFilter', () => {
  it('answers 503 with Retry-After for a known connection failure, without probing', async () => {
    const { answer, adapter, host, answered } = harness();
    const probe = jest.fn(async () => true);
    new DatabaseErrorFilter(adapter as never, probe).catch(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }), host);
    await answered;
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
    expect(probe).not.toHaveBeenCalled();
  });

  it('answers 503 read.timeout with Retry-After when a bounded read ran out of its statement timeout', async () => {
    const { answer, adapter, host, answered } = harness();
    new DatabaseErrorFilter(adapter as never, async () => true).catch(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }), host);
    await answered;
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '5' }, body: { code: 'read.timeout' } });
  });

  it('answers 409 for a unique or serialization race', async () => {
    const { answer, adapter, host, answered } = harness();
    new DatabaseErrorFilter(adapter as never).catch(Object.assign(new Error('could not serialize access'), { code: '40001' }), host);
    await answered;
    expect(answer.status).toBe(409);
  });

  it('answers 503 for an error of unknown shape while the database cannot be reached', async () => {
    const { answer, adapter, host, answered } = harness();
    new DatabaseErrorFilter(adapter as never, async () => false).catch(new TypeError("Cannot read properties of undefined (reading 'query')"), host);
    await answered;
    expect(answer).toMatchObject({ status: 503, headers: { 'retry-after': '5' } });
  });

  it('leaves an error of unknown shape a 500 while the database answers', async () => {
    const { answer, adapter, host, answered } = harness();
    new DatabaseErrorFilter(adapter as never, async () => true).catch(new TypeError('a bug of our own'), host);
    await answered;
    expect(answer.status).toBe(500);
  });

  it('never probes for an HTTP exception', async () => {
    const { answer, adapter, host, answered } = harness();
    const probe = jest.fn(async () => false);
    new DatabaseErrorFilter(adapter as never, probe).catch(new BadRequestException('name is empty'), host);
    await answered;
    expect(answer.status).toBe(400);
    expect(probe).not.toHaveBeenCalled();
  });
});

describe('databaseProbe', () => {
  it('is true when the query answers, false when it fails or hangs past the timeout', async () => {
    expect(await databaseProbe(async () => [{ '?column?': 1 }])()).toBe(true);
    expect(await databaseProbe(async () => Promise.reject(new Error('connect ECONNREFUSED')))()).toBe(false);
    expect(await databaseProbe(() => new Promise(() => undefined), 20)()).toBe(false);
  });
});
