import { declarationOf, typeOf, UnsupportedSchemaError } from './typescript-from-schema.js';

describe('TypeScript declarations from the contracts’ JSON Schemas', () => {
  it('maps the keywords json-schema.ts emits', () => {
    expect(typeOf({ type: 'string', maxLength: 3 })).toBe('string');
    expect(typeOf({ type: ['string', 'null'] })).toBe('string | null');
    expect(typeOf({ type: 'integer', minimum: 1 })).toBe('number');
    expect(typeOf({ enum: ['a', 'b', null] })).toBe('"a" | "b" | null');
    expect(typeOf({ const: 'innovation.revised' })).toBe('"innovation.revised"');
    expect(typeOf({ type: 'array', items: { type: 'string' }, maxItems: 4 })).toBe('Array<string>');
    expect(typeOf({ type: 'object' })).toBe('object');
    expect(typeOf({ $ref: '#/components/schemas/EvidenceLink' })).toBe('EvidenceLink');
    // A nullable nested class, as json-schema.ts writes it: anyOf [allOf [$ref], null].
    expect(typeOf({ anyOf: [{ allOf: [{ $ref: '#/components/schemas/EventActor' }], description: 'who' }, { type: 'null' }] })).toBe('EventActor | null');
    expect(typeOf({ allOf: [{ $ref: '#/components/schemas/A' }, { anyOf: [{ type: 'string' }, { type: 'null' }] }] })).toBe('A & (string | null)');
    expect(typeOf({})).toBe('unknown');
  });

  it('writes an interface with optional properties and the bounds in its JSDoc', () => {
    const text = declarationOf('Thing', {
      type: 'object',
      properties: { id: { type: 'string', format: 'uuid' }, 'odd-name': { type: ['string', 'null'], maxLength: 20, description: 'Says */ here' } },
      required: ['id'],
      additionalProperties: true,
    });
    expect(text).toContain('export interface Thing {');
    expect(text).toContain('  id: string;');
    expect(text).toContain('  "odd-name"?: string | null;');
    expect(text).toContain('format: uuid');
    expect(text).toContain('maxLength: 20');
    expect(text).toContain('Says *\\/ here');
    expect(declarationOf('Stage', { enum: ['a', 'b'] })).toBe('export type Stage = "a" | "b";\n');
  });

  it('refuses a keyword it has no mapping for, instead of dropping it', () => {
    expect(() => typeOf({ type: 'object', properties: { x: { oneOf: [] } } }, '', 'Thing')).toThrow(UnsupportedSchemaError);
    expect(() => typeOf({ type: 'object', properties: { x: { oneOf: [] } } }, '', 'Thing')).toThrow('Thing.x: keyword "oneOf"');
    expect(() => typeOf({ $ref: 'other.json#/x' })).toThrow(UnsupportedSchemaError);
  });
});
