import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CATALOG, EVENT_TYPES } from './event-catalog.js';
import { EventEnvelope } from './event-envelope.js';

describe('event catalog', () => {
  it('names every type aggregate.event-name, with a version and a payload contract', () => {
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(/^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/);
      expect(EVENT_CATALOG[type].version).toBeGreaterThanOrEqual(1);
      expect(typeof EVENT_CATALOG[type].payload).toBe('function');
    }
  });

  it('accepts a well-formed envelope and names each bad field of a broken one', () => {
    const good = {
      id: '0b9f2c1e-8d4b-4a57-9a55-3f1a2b4c5d6e',
      type: 'innovation.registered',
      version: 1,
      occurredAt: '2026-11-23T09:00:00.000Z',
      producer: 'registry',
      correlationId: 'c-1',
      causationId: null,
      aggregateId: 'x',
      aggregateVersion: 1,
      payload: {},
    };
    expect(validateSync(plainToInstance(EventEnvelope, good))).toEqual([]);
    const bad = { ...good, id: 'not-a-uuid', type: 'InnovationRegistered', aggregateVersion: 0, payload: 'x' };
    const fields = validateSync(plainToInstance(EventEnvelope, bad)).map((e) => e.property).sort();
    expect(fields).toEqual(['aggregateVersion', 'id', 'payload', 'type']);
  });
});
