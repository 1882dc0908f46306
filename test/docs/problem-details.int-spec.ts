import { randomUUID } from 'node:crypto';
import { isErrorCode, problemTypeOf } from '@lumbung/contracts';
import { startService, type JsonResponse } from '@lumbung/testing';
import { insertAgency, innovationBody } from '../../apps/registry/test/innovation-test.fixtures.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { KUDUS_2022, kudusEdition, NominationHarness, tokens } from '../../apps/nomination/test/nomination-test.fixtures.js';
import { DEMAK, KUDUS, regionAdmin, RegistryFeed, requestBody, seedWorld, startReplication } from '../../apps/replication/test/replication-test.fixtures.js';

/** An answer is a problem details document with this code, naming the request path. */
function expectProblem(res: JsonResponse, status: number, code: string, path: string): void {
  expect({ status: res.status, contentType: res.headers.get('content-type') }).toEqual({ status, contentType: expect.stringMatching(/^application\/problem\+json/) });
  expect(res.body).toMatchObject({ type: problemTypeOf(code), status, statusCode: status, code, instance: path, title: expect.any(String), detail: expect.any(String), message: expect.anything() });
  expect(isErrorCode(res.body.code)).toBe(true);
  for (const e of res.body.errors ?? []) expect(isErrorCode(e.code)).toBe(true);
}

const fieldOf = (res: JsonResponse, field: string) => (res.body.errors as Array<{ field: string }>).find((e) => e.field === field);

describe('every service answers errors as problem details with stable codes', () => {
  it('registry: 400 with field codes and limits, 401, 403, 404, 409 version.stale', async () => {
    const registry = await startService(createRegistryApp);
    try {
      const kudus = regionAdmin(KUDUS);
      const agencyId = await insertAgency(registry, KUDUS, `Dinas Kominfo ${randomUUID().slice(0, 4)}`);

      const bad = await registry.request('POST', '/innovations', { token: kudus, body: innovationBody(KUDUS, agencyId, { name: 'x'.repeat(201), digital: 'ya', extra: 1 }) });
      expectProblem(bad, 400, 'validation.failed', '/innovations');
      expect(fieldOf(bad, 'name')).toMatchObject({ code: 'field.max-length', max: 200, messages: [expect.any(String)] });
      expect(fieldOf(bad, 'digital')).toMatchObject({ code: 'field.wrong-type', expected: 'boolean' });
      expect(fieldOf(bad, 'extra')).toMatchObject({ code: 'field.unknown' });

      const demakAgency = await insertAgency(registry, DEMAK, `Dinas Kominfo Demak ${randomUUID().slice(0, 4)}`);
      const elsewhere = await registry.request('POST', '/innovations', { token: kudus, body: innovationBody(KUDUS, demakAgency) });
      expectProblem(elsewhere, 400, 'validation.failed', '/innovations');
      expect(elsewhere.body.errors).toEqual([{ field: 'agencyId', code: 'innovation.agency-not-in-region', messages: [expect.any(String)] }]);

      expectProblem(await registry.request('GET', '/innovations'), 401, 'auth.unauthenticated', '/innovations');
      expectProblem(await registry.request('POST', '/agencies', { token: regionAdmin(DEMAK), body: { regionCode: KUDUS, name: 'Dinas Sosial' } }), 403, 'auth.forbidden', '/agencies');
      const unknown = randomUUID();
      expectProblem(await registry.request('GET', `/agencies/${unknown}`, { token: kudus }), 404, 'not-found', `/agencies/${unknown}`);
      const stale = await registry.request('PATCH', `/agencies/${agencyId}`, { token: kudus, headers: { 'if-match': '"7"' }, body: { name: 'Dinas Komunikasi dan Informatika' } });
      expectProblem(stale, 409, 'version.stale', `/agencies/${agencyId}`);
      // A code the service already gave keeps working: the account errors.
      const signIn = await registry.request('POST', '/accounts/sign-in', { body: { email: 'nobody@kuduskab.go.id', password: 'not the password at all' } });
      expectProblem(signIn, 401, 'auth.invalid-credentials', '/accounts/sign-in');

      // The document says so: error answers are problem+json, and the schema lists the codes.
      const docs = (await registry.request('GET', '/docs-json')).body;
      expect(Object.keys(docs.paths['/innovations'].post.responses['400'].content)).toEqual(['application/problem+json']);
      expect(docs.components.schemas.ErrorResponse.required).toEqual(expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'code']));
      expect(docs.components.schemas.ErrorResponse.description).toContain('`innovation.agency-not-in-region` (400)');
      expect(docs.components.schemas.FieldError.required).toEqual(expect.arrayContaining(['field', 'messages', 'code']));
    } finally {
      await registry.close();
    }
  });

  it('replication: 400 replication.own-region, 401, 403, 404, 409 version.stale', async () => {
    const svc = await startReplication();
    const feed = new RegistryFeed(svc.redis);
    try {
      const world = await seedWorld(svc, feed);
      const demak = regionAdmin(DEMAK);
      const bad = await svc.request('POST', '/replication-requests', { token: demak, body: { ...requestBody(world.origin.id, world.demakAgency.id), model: 'sendiri' } });
      expectProblem(bad, 400, 'validation.failed', '/replication-requests');
      expect(fieldOf(bad, 'model')).toMatchObject({ code: 'field.not-allowed-value', allowed: expect.arrayContaining(['mandiri', 'kerja-sama', 'fasilitasi']) });

      const own = await svc.request('POST', '/replication-requests', {
        token: regionAdmin(KUDUS),
        body: requestBody(world.origin.id, world.kudusAgency.id, { adopterRegionCode: KUDUS }),
      });
      expectProblem(own, 400, 'validation.failed', '/replication-requests');
      expect(own.body.errors).toEqual([{ field: 'adopterRegionCode', code: 'replication.own-region', messages: [expect.any(String)] }]);

      const created = await svc.request('POST', '/replication-requests', { token: demak, body: requestBody(world.origin.id, world.demakAgency.id) });
      expect(created.status).toBe(201);
      const accept = `/replication-requests/${created.body.id}/accept`;
      expectProblem(await svc.request('POST', accept, { body: {} }), 401, 'auth.unauthenticated', accept);
      expectProblem(await svc.request('POST', accept, { token: demak, body: {} }), 403, 'auth.forbidden', accept);
      expectProblem(await svc.request('POST', accept, { token: regionAdmin(KUDUS), headers: { 'if-match': '"9"' }, body: {} }), 409, 'version.stale', accept);
      const unknown = `/replication-requests/${randomUUID()}`;
      expectProblem(await svc.request('GET', unknown, { token: demak }), 404, 'not-found', unknown);
    } finally {
      await feed.close();
      await svc.close();
    }
  });

  it('nomination: 400, 401, 403, 404, 409', async () => {
    const h = await NominationHarness.start();
    try {
      const bad = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ year: 'dua ribu', schedule: KUDUS_2022, winnerCount: undefined }) });
      expectProblem(bad, 400, 'validation.failed', '/editions');
      expect(fieldOf(bad, 'year')).toMatchObject({ code: 'field.wrong-type', expected: 'integer' });

      expectProblem(await h.request('GET', '/editions'), 401, 'auth.unauthenticated', '/editions');
      expectProblem(await h.request('POST', '/editions', { token: tokens.demakAdmin, body: kudusEdition() }), 403, 'auth.forbidden', '/editions');
      const unknown = `/editions/${randomUUID()}`;
      expectProblem(await h.request('GET', unknown, { token: tokens.kudusAdmin }), 404, 'not-found', unknown);

      const edition = await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition() });
      expect(edition.status).toBe(201);
      const phase = `/editions/${edition.body.id}/phase`;
      expect((await h.request('POST', phase, { token: tokens.kudusAdmin, body: { phase: 'closed' } })).status).toBe(200);
      expectProblem(await h.request('POST', phase, { token: tokens.kudusAdmin, body: { phase: 'closed' } }), 409, 'conflict', phase);
    } finally {
      await h.close();
    }
  });
});
