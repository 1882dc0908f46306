import { signToken } from '@lumbung/platform';
import { createTestDatabase, expectEventually, type RunningService, type TestDatabase } from '@lumbung/testing';
import { startAbused } from './abuse.fixtures.js';

// A file of its own: nestjs-pino keeps the first logger a process makes, so this must be the first
// service booted in its Jest module registry, or the lines would go to an earlier service's silent logger.
describe('logs never carry tokens or secrets', () => {
  const secret = 'abuse-test-secret-9f1c2e7d5b3a4f60c8e1';
  const dbPassword = 'pg-pass-Zq81xLm0';
  let svc: RunningService;
  let db: TestDatabase;
  let lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    // The real output of a running service: everything it writes to stdout is captured (and kept off the test log).
    process.stdout.write = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    db = await createTestDatabase();
    // The test server trusts local connections, so the password is carried but never checked: enough to see it scrubbed.
    const url = new URL(db.url);
    url.password = dbPassword;
    const base = await startAbused('registry', { db, env: { LOG_LEVEL: 'info', BOARD_SESSION_SECRET: secret, DATABASE_URL: url.toString() } }).catch((err) => {
      process.stdout.write = write;
      throw err;
    });
    svc = base;
  });
  afterAll(async () => {
    process.stdout.write = write;
    await svc?.close();
    await db?.drop();
  });

  it('logs each request with its URL, but the bearer token, tokens in the query, the JWT secret and passwords are redacted', async () => {
    lines = [];
    const token = signToken({ sub: 'admin-33.19', role: 'region-admin', region: '33.19' });
    const asHeader = await svc.request('GET', '/innovations?region=33.19', { token, headers: { 'x-correlation-id': 'redaction-1', cookie: `session=${token}` } });
    expect(asHeader.status).toBe(200);
    await svc.request('GET', `/innovations?token=${token}&access_token=${token}`, { token, headers: { 'x-correlation-id': 'redaction-2' } });
    await svc.request('GET', `/innovations?q=${encodeURIComponent(`${secret} ${token} ${dbPassword}`)}`, { token, headers: { 'x-correlation-id': 'redaction-3' } });
    // A refused token is logged as a 401 without the token.
    await svc.request('GET', '/innovations', { token: token.slice(0, -4) + 'AAAA', headers: { 'x-correlation-id': 'redaction-4' } });

    await expectEventually(() => {
      const log = lines.join('');
      for (const id of ['redaction-1', 'redaction-2', 'redaction-3', 'redaction-4']) expect(log).toContain(`"correlationId":"${id}"`);
    });
    const log = lines.join('');
    expect(log).toContain('/innovations?token=[redacted]&access_token=[redacted]');
    expect(log).toContain('/innovations?region=33.19');
    for (const leaked of [token, token.split('.')[2], secret, dbPassword]) expect(log).not.toContain(leaked);
  });
  it('logs no part of an innovation contact, whether the request is taken or refused (issue 17)', async () => {
    lines = [];
    const admin = signToken({ sub: 'nasional', role: 'national-admin' });
    const agency = await svc.request('POST', '/agencies', { token: admin, body: { regionCode: '33.19', name: 'Dinas Kontak' } });
    expect(agency.status).toBe(201);
    const contact = { name: 'Sri Wahyuni Kontakrahasia', position: 'Kepala Bidang Rahasia', phone: '0291-4380917', email: 'sri.rahasia@kuduskab.go.id' };
    const body = {
      regionCode: '33.19', agencyId: agency.body.id, name: 'Inovasi berkontak', typeCode: 'teknologi', stage: 'inisiatif', initiator: 'opd',
      digital: true, form: 'pelayanan-publik', governmentAffair: 'kesehatan', contact,
    };
    const taken = await svc.request('POST', '/innovations', { token: admin, body, headers: { 'x-correlation-id': 'contact-1' } });
    expect(taken.status).toBe(201);
    const refused = await svc.request('POST', '/innovations', { token: admin, body: { ...body, contact: { ...contact, email: `${contact.phone} ${contact.name}` } }, headers: { 'x-correlation-id': 'contact-2' } });
    expect(refused.status).toBe(400);
    await expectEventually(() => {
      const log = lines.join('');
      for (const id of ['contact-1', 'contact-2']) expect(log).toContain(`"correlationId":"${id}"`);
    });
    const log = lines.join('');
    for (const value of Object.values(contact)) expect(log).not.toContain(value);
  });
});
