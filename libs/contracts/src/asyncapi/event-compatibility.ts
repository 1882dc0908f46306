
/**
 * Whether a changed event contract still serves the consumers of the version it keeps. The rule
 * (README, "Changing an event"): within one version a change may only add; every event valid under
 * the new schema must still be valid under the released one, so a consumer that validates with the
 * released schema never refuses an event. Anything else is a new version.
 *
 * Written here rather than taken from a JSON Schema diff library: the ones on npm compare documents
 * textually or for OpenAPI requests (where widening is the safe direction); an event is read, so
 * the safe direction is narrowing, on exactly the keywords libs/contracts emits (json-schema.ts).
 */

// Schemas are walked by keyword, each read with the type that keyword has in JSON Schema.
type Schema = Record<string, any>;

/** Every $ref to #/components/schemas/ replaced by its schema; a class nesting itself stays a $ref the second time. */
export function dereference(schema: Schema, components: Record<string, Schema>, seen: readonly string[] = []): Schema {
  if (Array.isArray(schema)) return schema.map((s) => dereference(s, components, seen)) as unknown as Schema;
  if (!schema || typeof schema !== 'object') return schema;
  const ref = schema.$ref as string | undefined;
  if (ref?.startsWith('#/components/schemas/')) {
    const name = ref.slice('#/components/schemas/'.length);
    if (seen.includes(name)) return schema;
    return dereference(components[name] ?? {}, components, [...seen, name]);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, typeof v === 'object' && v !== null ? dereference(v as Schema, components, seen) : v]));
}

/** The annotations and wrappers a schema may carry that say nothing of what it accepts. */
const ANNOTATIONS = ['description', 'examples', 'example', 'title', 'default', 'deprecated'];

/** One flat view of a schema: allOf members merged, `anyOf [X, null]` as X that may be null. */
function flat(schema: Schema): Schema & { nullable?: boolean } {
  let s: Schema = { ...schema };
  for (const key of ANNOTATIONS) delete s[key];
  if (Array.isArray(s.allOf)) {
    const { allOf, ...rest } = s;
    s = (allOf as Schema[]).reduce<Schema>((acc, part) => ({ ...acc, ...flat(part) }), rest);
  }
  if (Array.isArray(s.anyOf)) {
    const parts = (s.anyOf as Schema[]).map(flat);
    const nonNull = parts.filter((p) => p.type !== 'null');
    if (nonNull.length === 1 && parts.length === 2) {
      const { anyOf: _drop, ...rest } = s;
      return { ...rest, ...nonNull[0], nullable: true };
    }
  }
  if (Array.isArray(s.type) && s.type.includes('null')) {
    const types = s.type.filter((t: string) => t !== 'null');
    s = { ...s, type: types.length === 1 ? types[0] : types, nullable: true };
    if (Array.isArray(s.enum)) s.enum = s.enum.filter((v: unknown) => v !== null);
  }
  return s;
}

const typesOf = (s: Schema): string[] | null => (s.type === undefined ? null : Array.isArray(s.type) ? s.type : [s.type]);
const accepts = (released: string[], type: string) => released.includes(type) || (type === 'integer' && released.includes('number'));
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What in `current` a consumer of `released` could refuse or miss, each named by its path; empty
 * when the change only adds (a property, a required property) or narrows (a shorter limit, fewer
 * enum values, a type that was allowed to be null no longer is).
 */
export function breakingChanges(released: Schema, current: Schema, path = 'payload'): string[] {
  const r = flat(released);
  const c = flat(current);
  const problems: string[] = [];
  const rTypes = typesOf(r);
  const cTypes = typesOf(c);
  if (rTypes) {
    if (!cTypes) problems.push(`${path}: no longer says its type (was ${rTypes.join(' | ')})`);
    else for (const t of cTypes) if (!accepts(rTypes, t)) problems.push(`${path}: may now be ${t} (was ${rTypes.join(' | ')})`);
  }
  if (c.nullable && !r.nullable) problems.push(`${path}: may now be null`);
  if (r.const !== undefined && !same(c.const, r.const)) problems.push(`${path}: was always ${JSON.stringify(r.const)}`);
  if (Array.isArray(r.enum)) {
    const values = Array.isArray(c.enum) ? c.enum : c.const !== undefined ? [c.const] : null;
    if (!values) problems.push(`${path}: no longer limited to ${JSON.stringify(r.enum)}`);
    else for (const v of values) if (!r.enum.some((x: unknown) => same(x, v))) problems.push(`${path}: new value ${JSON.stringify(v)}`);
  }
  for (const key of ['format', 'pattern'] as const) {
    if (r[key] !== undefined && r[key] !== c[key]) problems.push(`${path}: ${key} changed from ${JSON.stringify(r[key])} to ${JSON.stringify(c[key])}`);
  }
  for (const key of ['maxLength', 'maximum', 'maxItems'] as const) {
    if (r[key] !== undefined && !(c[key] !== undefined && c[key] <= r[key])) problems.push(`${path}: ${key} raised from ${r[key]} to ${c[key] ?? 'none'}`);
  }
  for (const key of ['minLength', 'minimum', 'minItems'] as const) {
    if (r[key] !== undefined && !(c[key] !== undefined && c[key] >= r[key])) problems.push(`${path}: ${key} lowered from ${r[key]} to ${c[key] ?? 'none'}`);
  }
  const rProps = (r.properties ?? {}) as Record<string, Schema>;
  const cProps = (c.properties ?? {}) as Record<string, Schema>;
  for (const [name, schema] of Object.entries(rProps)) {
    if (!(name in cProps)) problems.push(`${path}.${name}: removed`);
    else problems.push(...breakingChanges(schema, cProps[name], `${path}.${name}`));
  }
  const cRequired = new Set((c.required ?? []) as string[]);
  for (const name of (r.required ?? []) as string[]) if (!cRequired.has(name)) problems.push(`${path}.${name}: no longer always present`);
  if (r.items && c.items) problems.push(...breakingChanges(r.items as Schema, c.items as Schema, `${path}[]`));
  else if (r.items && !c.items && cTypes?.includes('array')) problems.push(`${path}[]: items no longer described`);
  return problems;
}
