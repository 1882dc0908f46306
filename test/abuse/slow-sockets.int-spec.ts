import { connect, type Socket } from 'node:net';
import { expectEventually, type RunningService } from '@lumbung/testing';
import { startAbused } from './abuse.fixtures.js';

/**
 * Sockets that hold a connection without finishing a request (a slowloris, a client that vanished
 * mid-body, a pool of idle keep-alives) each cost a file descriptor and memory; with no timeout a
 * few hundred of them outlive any real client, and enough of them exhaust the process. Real TCP
 * sockets here, against short timeouts, so the test waits seconds, not minutes. What is asserted is
 * that the server closes them, never how fast: `closed` waits up to a ceiling far above the timeouts.
 */
const TIMEOUTS = { HTTP_HEADERS_TIMEOUT_MS: '600', HTTP_REQUEST_TIMEOUT_MS: '1200', HTTP_KEEP_ALIVE_TIMEOUT_MS: '600' };
const CEILING_MS = 20_000;

function open(svc: RunningService): Promise<Socket> {
  const { port } = new URL(svc.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) }, () => resolve(socket));
    socket.on('error', reject);
  });
}

/** Resolves true once the server has closed `socket` (end or reset), false at the ceiling. */
function closed(socket: Socket, ceilingMs = CEILING_MS): Promise<boolean> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ceilingMs);
    const done = () => {
      clearTimeout(timer);
      resolve(true);
    };
    socket.once('close', done);
    socket.once('end', done);
    socket.on('error', () => undefined);
    socket.resume();
  });
}

describe('slow and idle sockets', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startAbused('registry', { env: { ROLE: 'http', ...TIMEOUTS } });
  });
  afterAll(() => svc?.close());

  it('closes 200 sockets that never send a byte', async () => {
    const sockets = await Promise.all(Array.from({ length: 200 }, () => open(svc)));
    try {
      const results = await Promise.all(sockets.map((s) => closed(s)));
      expect(results.filter((c) => !c).length).toBe(0);
    } finally {
      sockets.forEach((s) => s.destroy());
    }
  });

  it('closes a socket that writes its headers a byte at a time (slowloris)', async () => {
    const socket = await open(svc);
    const request = 'GET /health/live HTTP/1.1\r\nHost: x\r\nX-Padding: ' + 'a'.repeat(10_000);
    let n = 0;
    const drip = setInterval(() => !socket.destroyed && socket.write(request[n++ % request.length]), 100);
    try {
      expect(await closed(socket)).toBe(true);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('closes a socket that announces a body and sends it a byte at a time', async () => {
    const socket = await open(svc);
    socket.write('POST /agencies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n');
    const drip = setInterval(() => !socket.destroyed && socket.write(' '), 100);
    try {
      expect(await closed(socket)).toBe(true);
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
  });

  it('closes a keep-alive connection left idle after its answer', async () => {
    const socket = await open(svc);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.write('GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\n\r\n');
    try {
      expect(await closed(socket)).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 200/);
    } finally {
      socket.destroy();
    }
  });

  it('refuses connections beyond HTTP_MAX_CONNECTIONS, and serves again once they are gone', async () => {
    const capped = await startAbused('registry', { env: { ROLE: 'http', HTTP_MAX_CONNECTIONS: '20' } });
    const sockets: Socket[] = [];
    try {
      for (let n = 0; n < 30; n++) sockets.push(await open(capped));
      // The server drops each socket past the cap as it accepts it; the first twenty stay open.
      const refused = await Promise.all(sockets.slice(20).map((s) => closed(s)));
      expect(refused.every(Boolean)).toBe(true);
      expect(sockets.slice(0, 20).filter((s) => s.destroyed || s.readableEnded)).toEqual([]);
      sockets.forEach((s) => s.destroy());
      await expectEventually(async () => expect((await capped.request('GET', '/health/live')).status).toBe(200));
    } finally {
      sockets.forEach((s) => s.destroy());
      await capped.close();
    }
  });
});
