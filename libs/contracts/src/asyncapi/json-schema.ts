// class-transformer keeps @Type metadata in this module and declares its types apart from it.
// @ts-expect-error -- no declaration beside cjs/storage.js; typed from types/storage.d.ts below
import { defaultMetadataStorage as transformerStorage } from 'class-transformer/cjs/storage.js';
import type { MetadataStorage as TransformerMetadataStorage } from 'class-transformer/types/MetadataStorage.js';
import { getMetadataStorage } from 'class-validator';

export type JsonSchema = Record<string, unknown>;
type Ctor = new (...args: never[]) => unknown;
const defaultMetadataStorage = transformerStorage as TransformerMetadataStorage;
type ValidationMetadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];

/** @nestjs/swagger's metadata key for @ApiProperty: read for descriptions and examples only. */
const API_PROPERTY = 'swagger/apiModelProperties';

/**
 * Validators with no JSON Schema counterpart, left out of the schema on purpose (each a
 * cross-field rule or a check the schema's `type` already makes).
 */
const NOT_EXPRESSIBLE = new Set(['isNotBefore', 'isDefined']);

/**
 * JSON Schemas (draft-07, which AsyncAPI's schema format extends) of class-validator classes,
 * read from the validators themselves, so the document says what the consumers actually accept.
 *
 * Written here because class-validator-jsonschema, the usual library for it, is not among this
 * project's dependencies; it is little code over class-validator's public metadata storage. Nested
 * classes are found through class-transformer's @Type metadata (the same the validators use).
 * A validator this file does not know fails generation instead of being silently dropped.
 */
export class SchemaCollector {
  readonly schemas: Record<string, JsonSchema> = {};

  /** Adds the class (and the classes it nests) to `schemas`; returns a $ref to it. */
  refTo(target: Ctor): JsonSchema {
    const name = target.name;
    if (!this.schemas[name]) {
      this.schemas[name] = {}; // placeholder first: a class may nest itself
      this.schemas[name] = this.objectSchema(target);
    }
    return { $ref: `#/components/schemas/${name}` };
  }

  private objectSchema(target: Ctor): JsonSchema {
    const storage = getMetadataStorage();
    const byProperty = storage.groupByPropertyName(storage.getTargetValidationMetadatas(target, '', true, false));
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [property, metadatas] of Object.entries(byProperty)) {
      const optional = metadatas.some((m) => m.type === 'conditionalValidation');
      properties[property] = this.propertySchema(target, property, metadatas, optional);
      if (!optional) required.push(property);
    }
    return { type: 'object', properties, required, additionalProperties: true };
  }

  private propertySchema(target: Ctor, property: string, metadatas: ValidationMetadata[], optional: boolean): JsonSchema {
    const own: JsonSchema = {};
    const items: JsonSchema = {};
    let isArray = false;
    for (const m of metadatas) {
      if (m.type === 'conditionalValidation' || m.type === 'whitelistValidation') continue;
      const into = m.each ? items : own;
      if (m.type === 'nestedValidation') {
        const nested = defaultMetadataStorage.findTypeMetadata(target, property)?.typeFunction() as Ctor | undefined;
        if (!nested) throw new Error(`${target.name}.${property}: @ValidateNested() without @Type(() => Class), so its schema is unknown`);
        Object.assign(m.each ? items : own, this.refTo(nested));
        continue;
      }
      const name = m.name ?? m.type;
      if (name === 'isArray') {
        isArray = true;
        continue;
      }
      if (NOT_EXPRESSIBLE.has(name)) continue;
      // Beside a nested class, "an object, not a list" is what its $ref already says.
      if (name === 'isObject' && metadatas.some((n) => n.type === 'nestedValidation' && !!n.each === !!m.each)) continue;
      Object.assign(into, constraintSchema(`${target.name}.${property}`, name, m.constraints ?? []));
    }
    let schema: JsonSchema = isArray || Object.keys(items).length ? { type: 'array', items, ...own } : own;
    const doc = (Reflect.getMetadata(API_PROPERTY, target.prototype, property) ?? {}) as Record<string, unknown>;
    const annotations: JsonSchema = {};
    if (typeof doc.description === 'string') annotations.description = doc.description;
    if (doc.example !== undefined) annotations.examples = [doc.example];
    if (typeof doc.format === 'string' && schema.type === 'string' && !schema.format) annotations.format = doc.format;
    if (schema.$ref) {
      // Siblings of a $ref are ignored by draft-07 tools; wrap so nullability and docs still apply.
      schema = { allOf: [schema] };
    }
    schema = { ...schema, ...annotations };
    if (optional) schema = allowNull(schema);
    return schema;
  }
}

/** class-validator's @IsOptional lets both undefined (left out) and null through. */
function allowNull(schema: JsonSchema): JsonSchema {
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'], ...(schema.enum ? { enum: [...(schema.enum as unknown[]), null] } : {}) };
  return { anyOf: [schema, { type: 'null' }] };
}

function constraintSchema(where: string, name: string, constraints: unknown[]): JsonSchema {
  switch (name) {
    case 'isString':
      return { type: 'string' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isObject':
      return { type: 'object' };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isIso8601':
      return { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}' };
    case 'isNotEmpty':
      return { minLength: 1 };
    case 'isIn':
      return { enum: [...(constraints[0] as unknown[])] };
    case 'matches': {
      const pattern = constraints[0];
      return { type: 'string', pattern: pattern instanceof RegExp ? pattern.source : String(pattern) };
    }
    case 'min':
      return { minimum: constraints[0] };
    case 'max':
      return { maximum: constraints[0] };
    case 'minLength':
      return { minLength: constraints[0] };
    case 'maxLength':
      return { maxLength: constraints[0] };
    case 'arrayMaxSize':
      return { maxItems: constraints[0] };
    default:
      throw new Error(`${where}: validator "${name}" has no JSON Schema mapping in libs/contracts/src/asyncapi/json-schema.ts; add one`);
  }
}
