import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

const selectLists = new WeakMap<DataSource, Map<EntityTarget<ObjectLiteral>, Map<string, string>>>();

/**
 * An entity's columns as its properties, for a plain SQL read of a hot write path, where TypeORM's
 * query builder cost more CPU than the statement it built (each step of a replication request).
 * The columns have one definition, the entity's: this reads its metadata. A `date` column comes as
 * its text (YYYY-MM-DD), as TypeORM hands it out, not as pg's Date at the server's midnight. With
 * an `alias` (two entities in one row, a join), the columns are the alias's and named `alias.property`:
 * entityOf with the same alias takes them apart.
 */
export function selectListOf(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>, alias = ''): string {
  let lists = selectLists.get(dataSource);
  if (!lists) selectLists.set(dataSource, (lists = new Map()));
  let byAlias = lists.get(entity);
  if (!byAlias) lists.set(entity, (byAlias = new Map()));
  let list = byAlias.get(alias);
  if (!list) {
    const metadata = dataSource.getMetadata(entity);
    // A transformed column (a numeric score read as a number) would come back untransformed.
    const transformed = metadata.columns.find((c) => c.transformer);
    if (transformed) throw new Error(`${metadata.name}.${transformed.propertyName} has a transformer: read it through TypeORM, not selectListOf`);
    const of = alias ? `${alias}.` : '';
    list = metadata.columns
      .map((c) => `${c.type === 'date' ? `to_char(${of}"${c.databaseName}", 'YYYY-MM-DD')` : `${of}"${c.databaseName}"`} AS "${of}${c.propertyName}"`)
      .join(', ');
    byAlias.set(alias, list);
  }
  return list;
}

/** A row read with selectListOf (and the same alias, if any) as an instance of its entity, as TypeORM's find would give it. */
export function entityOf<T extends object>(entity: new () => T, row: Record<string, unknown>, alias = ''): T {
  if (!alias) return Object.assign(new entity(), row);
  const prefix = `${alias}.`;
  const instance = new entity() as Record<string, unknown>;
  for (const key in row) if (key.startsWith(prefix)) instance[key.slice(prefix.length)] = row[key];
  return instance as T;
}

/** An entity's table as SQL names it, schema included ("replication"."replication_request"). */
export function tableOf(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): string {
  const metadata = dataSource.getMetadata(entity);
  const schema = metadata.schema ?? dataSource.driver.schema;
  return `${schema ? `"${schema}".` : ''}"${metadata.tableName}"`;
}

/** A column of an entity for a plain SQL write: its property, its column and the cast its parameter needs. */
export interface WritableColumn {
  property: string;
  column: string;
  cast: string;
}

/** pg sends every parameter as text: a typed column's needs its cast where PostgreSQL cannot infer it (a CTE, a SELECT list). */
const CASTS: Record<string, string> = { uuid: '::uuid', int: '::int', integer: '::int', jsonb: '::jsonb', date: '::date', timestamptz: '::timestamptz', boolean: '::boolean' };

/** An entity's columns for a plain SQL write, from its metadata (see selectListOf). */
export function writableColumnsOf(dataSource: DataSource, entity: EntityTarget<ObjectLiteral>): WritableColumn[] {
  const metadata = dataSource.getMetadata(entity);
  const transformed = metadata.columns.find((c) => c.transformer);
  if (transformed) throw new Error(`${metadata.name}.${transformed.propertyName} has a transformer: write it through TypeORM, not writableColumnsOf`);
  return metadata.columns.map((c) => ({ property: c.propertyName, column: c.databaseName, cast: CASTS[String(c.type)] ?? '' }));
}

/** A field as its statement parameter: JSON text for a jsonb column (pg would send an array as a PostgreSQL array), pg's own conversion for the rest. */
export function parameterOf(column: WritableColumn, value: unknown): unknown {
  return column.cast === '::jsonb' && value !== null && value !== undefined ? JSON.stringify(value) : (value ?? null);
}
