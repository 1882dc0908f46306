import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { breakingChanges } from './event-compatibility.js';
import { currentEventSchemas, nextReleases, RELEASED_EVENTS_FILE } from './released-events.js';

const object = (properties: Record<string, object>, required: string[] = Object.keys(properties)) => ({ type: 'object', properties, required, additionalProperties: true });
const text = (max = 200) => ({ type: 'string', maxLength: max });

describe('changing an event within its version', () => {
  const released = object({ id: { type: 'string', format: 'uuid' }, name: text(), stage: { enum: ['uji-coba', 'penerapan'] }, note: { type: ['string', 'null'] } }, ['id', 'name', 'stage']);

  it.each([
    ['a new optional field', object({ ...released.properties, extra: text() }, released.required)],
    ['a new required field', object({ ...released.properties, extra: text() }, [...released.required, 'extra'])],
    ['a shorter limit', object({ ...released.properties, name: text(100) }, released.required)],
    ['fewer values', object({ ...released.properties, stage: { enum: ['penerapan'] } }, released.required)],
    ['a field that was optional made always present, never null', object({ ...released.properties, note: { type: 'string' } }, [...released.required, 'note'])],
    ['only its description', object({ ...released.properties, name: { ...text(), description: 'Nama' } }, released.required)],
  ])('accepts %s', (_what, current) => expect(breakingChanges(released, current)).toEqual([]));

  it.each([
    ['a removed field', object({ id: released.properties.id, stage: released.properties.stage }, ['id', 'stage']), 'payload.name: removed'],
    ['a required field made optional', object(released.properties, ['id', 'stage']), 'payload.name: no longer always present'],
    ['a longer limit', object({ ...released.properties, name: text(300) }, released.required), 'payload.name: maxLength raised from 200 to 300'],
    ['a new value', object({ ...released.properties, stage: { enum: ['uji-coba', 'penerapan', 'dihentikan'] } }, released.required), 'payload.stage: new value "dihentikan"'],
    ['a field that may now be null', object({ ...released.properties, name: { type: ['string', 'null'], maxLength: 200 } }, released.required), 'payload.name: may now be null'],
    ['another type', object({ ...released.properties, id: { type: 'integer' } }, released.required), 'payload.id: may now be integer (was string)'],
    ['another format', object({ ...released.properties, id: { type: 'string' } }, released.required), 'payload.id: format changed from "uuid" to undefined'],
  ])('refuses %s', (_what, current, problem) => expect(breakingChanges(released, current)).toContain(problem));

  it('looks into lists and nested objects', () => {
    const list = (item: object) => object({ items: { type: 'array', maxItems: 10, items: item } });
    expect(breakingChanges(list(object({ code: text(20) })), list(object({ code: text(40) })))).toEqual(['payload.items[].code: maxLength raised from 20 to 40']);
    expect(breakingChanges(list(object({ code: text(20) })), { ...list(object({ code: text(20) })), properties: { items: { type: 'array', items: object({ code: text(20) }) } } })).toEqual([
      'payload.items: maxItems raised from 10 to none',
    ]);
  });
});

describe('the published event versions (docs/events-released.json)', () => {
  const committed = JSON.parse(readFileSync(resolve(process.cwd(), RELEASED_EVENTS_FILE), 'utf8'));

  it('are all served by today’s contracts: nothing a published version promised was taken back', () => {
    expect(nextReleases(committed).breaking).toEqual([]);
  });

  it('record every event version of the catalog as the contracts describe it today (run `npm run docs:asyncapi`)', () => {
    const current = currentEventSchemas();
    expect(Object.fromEntries(Object.keys(current).map((k) => [k, committed[k]]))).toEqual(current);
  });
});
