import type { RunningService } from '@lumbung/testing';
import { KUDUS, nationalAdmin, startAbused } from './abuse.fixtures.js';

/**
 * Input that parses but that no honest client sends: JSON nested ten thousand levels deep, and a
 * list cursor that decodes to a well-formed key holding a date or a number that cannot exist. Each
 * is the caller's mistake: a 400 with a stable code and the field it names, never a 500.
 */
const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
const ID = '5b1c8f0e-0000-4000-8000-000000000000';

describe('impossible input', () => {
  let svc: RunningService;
  beforeAll(async () => {
    svc = await startAbused('registry', { env: { ROLE: 'http' } });
  });
  afterAll(() => svc?.close());

  it.each([
    ['an array', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['an object', '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)],
    ['a field of the DTO', `{"regionCode":"${KUDUS}","name":` + '['.repeat(10_000) + ']'.repeat(10_000) + '}'],
  ])('refuses JSON nested 10,000 levels deep in %s: 400 field.too-deep on the body', async (_, body) => {
    const res = await svc.request('POST', '/agencies', { token: nationalAdmin(), body, headers: { 'content-type': 'application/json' } });
    expect({ status: res.status, code: res.body?.errors?.[0]?.code, fields: res.body?.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      code: 'field.too-deep',
      fields: ['body'],
    });
  });

  it('still accepts an honest body with nesting (an innovation with its evidence)', async () => {
    const res = await svc.request('POST', '/agencies', { token: nationalAdmin(), body: { regionCode: KUDUS, name: 'Dinas Sosial' } });
    expect(res.status).toBe(201);
  });

  it.each([
    ['a date of month 13', ['t', '2024-13-45T10:00:00.000000Z', ID]],
    ['a 30 February', ['t', '2024-02-30T10:00:00.000000Z', ID]],
    ['hour 25', ['t', '2024-01-01T25:00:00.000000Z', ID]],
    ['year 0', ['t', '0000-01-01T00:00:00.000000Z', ID]],
  ])('refuses a list cursor holding %s: 400 field.invalid-cursor on cursor', async (_, key) => {
    const res = await svc.request('GET', `/innovations?cursor=${cursorOf(key)}`, { token: nationalAdmin() });
    expect({ status: res.status, code: res.body?.errors?.[0]?.code, fields: res.body?.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      code: 'field.invalid-cursor',
      fields: ['cursor'],
    });
  });

  it.each([
    ['a rank beyond a real', ['r', '1e999', ID]],
    ['a rank of 1e39', ['r', '1e39', ID]],
    ['a rank of -Infinity spelled oddly', ['r', '-infinity', ID]],
  ])('refuses a search cursor holding %s: 400 field.invalid-cursor on cursor', async (_, key) => {
    const res = await svc.request('GET', `/innovations?q=pelayanan&cursor=${cursorOf(key)}`, { token: nationalAdmin() });
    expect({ status: res.status, code: res.body?.errors?.[0]?.code, fields: res.body?.errors?.map((e: { field: string }) => e.field) }).toEqual({
      status: 400,
      code: 'field.invalid-cursor',
      fields: ['cursor'],
    });
  });
});
