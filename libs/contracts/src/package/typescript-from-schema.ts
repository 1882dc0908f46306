import type { JsonSchema } from '../asyncapi/json-schema.js';

/*
 * TypeScript declarations from the JSON Schemas libs/contracts emits (asyncapi/json-schema.ts), for
 * the events package: the types a consumer compiles against are generated from the same schemas the
 * package ships, so the two cannot drift.
 *
 * Written here rather than taken from json-schema-to-typescript: the schemas use a closed set of
 * keywords (json-schema.ts maps a fixed list of validators and fails on any other), and this emitter
 * refuses any keyword it does not know the same way; the general compiler would add an index
 * signature `[k: string]: unknown` to every interface (our schemas allow additional properties, so a
 * consumer on an older package still accepts an event with a field added later) and bring a
 * formatter and a dozen packages into the build for forty lines of mapping.
 */

/** Keywords that say nothing of the TypeScript type; some are repeated in the JSDoc. */
const ANNOTATIONS = new Set(['description', 'examples', 'format', 'title', '$schema', '$id', 'deprecated', 'default']);
/** Validation keywords TypeScript cannot express; repeated in the JSDoc so a consumer sees the bounds. */
const BOUNDS = ['pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'maxItems'] as const;
const STRUCTURE = new Set(['$ref', 'allOf', 'anyOf', 'enum', 'const', 'type', 'properties', 'required', 'additionalProperties', 'items']);

const REF_PREFIX = '#/components/schemas/';
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export class UnsupportedSchemaError extends Error {}

/** The TypeScript type of a schema; `$ref`s to `#/components/schemas/X` become `X`. */
export function typeOf(schema: JsonSchema, indent = '', where = 'schema'): string {
  return render(schema, indent, where).text;
}

/** A rendered type, and whether its top level is a union or an intersection (to parenthesise it inside another). */
interface Rendered {
  text: string;
  compound: boolean;
}

function render(schema: JsonSchema, indent: string, where: string): Rendered {
  for (const key of Object.keys(schema)) {
    if (!ANNOTATIONS.has(key) && !STRUCTURE.has(key) && !(BOUNDS as readonly string[]).includes(key)) {
      throw new UnsupportedSchemaError(`${where}: keyword "${key}" has no TypeScript mapping in libs/contracts/src/package/typescript-from-schema.ts; add one`);
    }
  }
  if (typeof schema.$ref === 'string') {
    if (!schema.$ref.startsWith(REF_PREFIX)) throw new UnsupportedSchemaError(`${where}: $ref ${schema.$ref} is not a component schema`);
    return { text: schema.$ref.slice(REF_PREFIX.length), compound: false };
  }
  const { allOf, anyOf, ...own } = schema as JsonSchema & { allOf?: JsonSchema[]; anyOf?: JsonSchema[] };
  const parts: Rendered[] = [];
  if (Object.keys(own).some((k) => STRUCTURE.has(k))) parts.push(ownType(own, indent, where));
  for (const [i, part] of (allOf ?? []).entries()) parts.push(render(part, indent, `${where}.allOf[${i}]`));
  if (anyOf) parts.push(joined(anyOf.map((part, i) => render(part, indent, `${where}.anyOf[${i}]`)), ' | '));
  if (parts.length === 0) return { text: 'unknown', compound: false };
  return joined(parts, ' & ');
}

function joined(parts: Rendered[], separator: ' | ' | ' & '): Rendered {
  if (parts.length === 1) return parts[0];
  return { text: parts.map((p) => (p.compound ? `(${p.text})` : p.text)).join(separator), compound: true };
}

/** A named declaration: an interface for an object with properties, a type alias otherwise. */
export function declarationOf(name: string, schema: JsonSchema): string {
  const doc = jsDoc(schema, '');
  const type = typeOf(schema, '', name);
  const isObjectLiteral = type.startsWith('{\n') && !schema.allOf && !schema.anyOf;
  return `${doc}${isObjectLiteral ? `export interface ${name} ${type}` : `export type ${name} = ${type};`}\n`;
}

function ownType(schema: JsonSchema, indent: string, where: string): Rendered {
  const atoms = (texts: string[]): Rendered => ({ text: texts.join(' | '), compound: texts.length > 1 });
  if (Array.isArray(schema.enum)) return atoms((schema.enum as unknown[]).map((v) => literal(v, where)));
  if ('const' in schema) return atoms([literal(schema.const, where)]);
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
  if (types.length === 0) return atoms(['unknown']);
  return atoms(types.map((t) => baseType(t, schema, indent, where)));
}

function baseType(type: string, schema: JsonSchema, indent: string, where: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array':
      return schema.items ? `Array<${typeOf(schema.items as JsonSchema, indent, `${where}[]`)}>` : 'unknown[]';
    case 'object':
      return schema.properties ? objectType(schema, indent, where) : 'object';
    default:
      throw new UnsupportedSchemaError(`${where}: type "${type}" has no TypeScript mapping`);
  }
}

function objectType(schema: JsonSchema, indent: string, where: string): string {
  const properties = schema.properties as Record<string, JsonSchema>;
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const inner = `${indent}  `;
  const lines = Object.entries(properties).map(([name, property]) => {
    const key = IDENTIFIER.test(name) ? name : JSON.stringify(name);
    return `${jsDoc(property, inner)}${inner}${key}${required.has(name) ? '' : '?'}: ${typeOf(property, inner, `${where}.${name}`)};`;
  });
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** The description, an example, the format and the bounds, as a JSDoc comment. */
function jsDoc(schema: JsonSchema, indent: string): string {
  const lines: string[] = [];
  if (typeof schema.description === 'string') lines.push(...schema.description.split('\n'));
  const notes: string[] = [];
  const seen = collectNotes(schema);
  if (seen.format) notes.push(`format: ${seen.format}`);
  for (const bound of BOUNDS) if (seen[bound] !== undefined) notes.push(`${bound}: ${seen[bound]}`);
  if (notes.length) lines.push(notes.join('; '));
  if (Array.isArray(schema.examples) && schema.examples.length) lines.push(`@example ${JSON.stringify(schema.examples[0])}`);
  if (!lines.length) return '';
  const safe = lines.map((l) => l.replace(/\*\//g, '*\\/'));
  return `${indent}/**\n${safe.map((l) => `${indent} * ${l}`.trimEnd()).join('\n')}\n${indent} */\n`;
}

/** Format and bounds of a property, looking through a nullable `anyOf`; an array's items' bounds marked "each". */
function collectNotes(schema: JsonSchema): Record<string, unknown> {
  const notes: Record<string, unknown> = {};
  const visit = (s: JsonSchema, each: boolean) => {
    if (typeof s.format === 'string') notes.format ??= each ? `${s.format} (each)` : s.format;
    for (const bound of BOUNDS) if (s[bound] !== undefined) notes[bound] ??= each ? `${s[bound]} (each)` : s[bound];
  };
  visit(schema, false);
  for (const part of (schema.anyOf as JsonSchema[] | undefined) ?? []) visit(part, false);
  if (schema.items && typeof schema.items === 'object') visit(schema.items as JsonSchema, true);
  return notes;
}

function literal(value: unknown, where: string): string {
  if (value === null) return 'null';
  if (['string', 'number', 'boolean'].includes(typeof value)) return JSON.stringify(value);
  throw new UnsupportedSchemaError(`${where}: literal ${JSON.stringify(value)} has no TypeScript mapping`);
}
