import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { asyncApiYaml } from '../asyncapi/asyncapi-yaml.js';
import { dereference } from '../asyncapi/event-compatibility.js';
import { SchemaCollector, type JsonSchema } from '../asyncapi/json-schema.js';
import { nextReleases, RELEASED_EVENTS_FILE } from '../asyncapi/released-events.js';
import { EVENT_CATALOG, EVENT_TYPES, type EventType } from '../events/event-catalog.js';
import { EventEnvelope } from '../events/event-envelope.js';
import { declarationOf } from './typescript-from-schema.js';
import { EVENTS, schemaFileOf } from './events.js';

/*
 * `@lumbung/events`: what an outside consumer installs to read Lumbung's events, built from
 * libs/contracts. `@lumbung/contracts` stays the internal lib: it carries NestJS's swagger
 * decorators, class-validator and the HTTP DTOs, none of which a consumer should install. The
 * package has no dependencies at all:
 *
 *   index.js / index.d.ts      re-exports the two modules below
 *   events.js / events.d.ts    EVENTS (type → version, producer, summary, schema file), EVENT_TYPES, and
 *                              the TypeScript types of the envelope and of every payload, generated
 *                              from the JSON Schemas below (typescript-from-schema.ts)
 *   runtime.js / runtime.d.ts  runtime.ts compiled on its own: queue naming, patterns, envelope checks
 *   schemas/envelope.json, schemas/<type>.v<N>.json   JSON Schema (draft-07) of every published event
 *                              version: the whole job data, envelope and payload, self-contained
 *   asyncapi.yaml              the AsyncAPI document (as docs/asyncapi.yaml)
 *
 * Built by `npm run package:events` into dist/events-package and packed to dist/lumbung-events-<version>.tgz.
 */

export const EVENTS_PACKAGE_NAME = '@lumbung/events';
export const DEFAULT_PACKAGE_DIR = 'dist/events-package';

const JSON_SCHEMA_DRAFT = 'http://json-schema.org/draft-07/schema#';
/** Names the generated declarations use besides the contract classes', which must not collide with one. */
const GENERATED_NAMES = ['EventType', 'EventInfo', 'EventPayloads', 'EventVersions', 'EventProducers', 'EventOf', 'LumbungEvent', 'EVENTS', 'EVENT_TYPES'];

export interface EventsPackageOptions {
  /** The folder to write; emptied first. */
  outDir: string;
  /** The repository root (package.json, docs/events-released.json, libs/contracts); the working directory by default. */
  rootDir?: string;
}

export interface BuiltEventsPackage {
  dir: string;
  name: string;
  version: string;
  /** Every file written, relative to `dir`. */
  files: string[];
}

/** Writes the package folder; throws (before writing anything) if a change breaks a published event version. */
export function buildEventsPackage(options: EventsPackageOptions): BuiltEventsPackage {
  const root = resolve(options.rootDir ?? process.cwd());
  const dir = resolve(options.outDir);
  if (dir === root || existsSync(join(dir, '.git'))) throw new Error(`refusing to empty ${dir}: give the package a folder of its own`);
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

  // One collector for the types and the schema files: the declarations name the contract classes
  // (InnovationSnapshot, EventActor) and the files inline them, both from the same schemas.
  const collector = new SchemaCollector();
  const refs: Record<string, JsonSchema> = { envelope: collector.refTo(EventEnvelope) };
  for (const type of EVENT_TYPES) refs[`${type}@v${EVENT_CATALOG[type].version}`] = collector.refTo(EVENT_CATALOG[type].payload);
  const current = Object.fromEntries(Object.entries(refs).map(([key, ref]) => [key, dereference(ref, collector.schemas)]));

  // Every published version stays in the package (a replay from the outbox history can send an old
  // one), with the same check `npm run docs:asyncapi` makes: a change that breaks one is refused.
  const releasedFile = join(root, RELEASED_EVENTS_FILE);
  const released = existsSync(releasedFile) ? (JSON.parse(readFileSync(releasedFile, 'utf8')) as Record<string, JsonSchema>) : {};
  const { releases, breaking } = nextReleases(released, current);
  if (breaking.length) throw new Error(`These changes break a published event version; publish a new version of the event instead (README, "Changing an event"):\n  ${breaking.join('\n  ')}`);

  const files: Record<string, string> = {};
  const envelope = releases.envelope;
  files['schemas/envelope.json'] = json({ $schema: JSON_SCHEMA_DRAFT, title: 'EventEnvelope', ...envelope });
  for (const key of Object.keys(releases)) {
    if (key === 'envelope') continue;
    const [type, v] = key.split('@v');
    files[schemaFileOf(type, Number(v))] = json(eventSchema(type, Number(v), envelope, releases[key]));
  }
  files['events.d.ts'] = eventsDeclarations(collector.schemas);
  files['events.js'] = eventsModule();
  const runtime = compileRuntime(join(root, 'libs/contracts/src/package/runtime.ts'));
  files['runtime.js'] = runtime.js;
  files['runtime.d.ts'] = runtime.dts;
  files['index.js'] = `${GENERATED}export * from './events.js';\nexport * from './runtime.js';\n`;
  files['index.d.ts'] = files['index.js'];
  files['asyncapi.yaml'] = asyncApiYaml();
  files['README.md'] = packageReadme(version);
  files['package.json'] = json({
    name: EVENTS_PACKAGE_NAME,
    version,
    description: "Lumbung's events for outside consumers: TypeScript types, JSON Schemas, the AsyncAPI document and a few helpers",
    license: 'UNLICENSED',
    type: 'module',
    main: './index.js',
    types: './index.d.ts',
    exports: {
      '.': { types: './index.d.ts', default: './index.js' },
      './schemas/*': './schemas/*',
      './asyncapi.yaml': './asyncapi.yaml',
      './package.json': './package.json',
    },
    sideEffects: false,
    engines: { node: '>=18' },
  });

  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return { dir, name: EVENTS_PACKAGE_NAME, version, files: Object.keys(files).sort() };
}

/** `npm pack`s the folder into `destination`; returns the tarball's path. */
export function packEventsPackage(dir: string, destination: string): string {
  mkdirSync(destination, { recursive: true });
  // NODE_OPTIONS from a test runner (--experimental-vm-modules) has no business in npm's process.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_OPTIONS'));
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', resolve(destination)], { cwd: dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const [packed] = JSON.parse(out) as { filename: string }[];
  return join(resolve(destination), packed.filename);
}

const GENERATED = '// Generated from libs/contracts by `npm run package:events`; do not edit.\n';

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The whole job data of one event version: the envelope with `type`, `version` (and, for a type
 * still in the catalogue, `producer`) fixed and `payload` replaced by the payload's schema.
 */
function eventSchema(type: string, version: number, envelope: JsonSchema, payload: JsonSchema): JsonSchema {
  const contract = (EVENT_CATALOG as Record<string, { producer: string; summary: string; version: number } | undefined>)[type];
  const properties = { ...(envelope.properties as Record<string, JsonSchema>) };
  properties.type = { const: type };
  properties.version = { const: version };
  if (contract) properties.producer = { const: contract.producer };
  properties.payload = payload;
  return {
    $schema: JSON_SCHEMA_DRAFT,
    title: `${type} v${version}`,
    ...(contract ? { description: contract.summary } : {}),
    ...envelope,
    properties,
  };
}

/** events.d.ts: the contract classes' schemas as interfaces, then the catalogue's types, as events.ts has them. */
function eventsDeclarations(components: Record<string, JsonSchema>): string {
  const clash = GENERATED_NAMES.filter((n) => n in components);
  if (clash.length) throw new Error(`contract classes named ${clash.join(', ')} clash with the events package's own declarations; rename the class`);
  const lines = [GENERATED];
  lines.push('// The envelope and every payload, generated from the JSON Schemas in schemas/.');
  lines.push('// Every schema allows properties these types do not list: a field added to a version later is not an error.\n');
  for (const name of Object.keys(components).sort()) lines.push(declarationOf(name, components[name]));
  const map = (name: string, doc: string, value: (t: EventType) => string) =>
    `/** ${doc} */\nexport interface ${name} {\n${EVENT_TYPES.map((t) => `  ${JSON.stringify(t)}: ${value(t)};`).join('\n')}\n}\n`;
  lines.push(map('EventPayloads', "Each event type's payload, at the version producers publish today.", (t) => EVENT_CATALOG[t].payload.name));
  lines.push(map('EventVersions', 'The version producers publish today of each event type.', (t) => String(EVENT_CATALOG[t].version)));
  lines.push(map('EventProducers', 'The service that publishes each event type.', (t) => JSON.stringify(EVENT_CATALOG[t].producer)));
  lines.push(
    [
      'export type EventType = keyof EventPayloads;',
      '',
      '/** What the package tells a consumer of each event type. */',
      'export interface EventInfo {',
      '  readonly version: number;',
      "  readonly producer: 'registry' | 'replication' | 'nomination';",
      '  readonly summary: string;',
      '  /** The JSON Schema of the whole job data (envelope and payload), inside the package. */',
      '  readonly schema: string;',
      '}',
      '',
      '/** Every event type with its version, producer, summary and schema file. */',
      'export declare const EVENTS: Readonly<Record<EventType, EventInfo>>;',
      'export declare const EVENT_TYPES: readonly EventType[];',
      '',
      '/** One event type, its version, producer and payload bound together. */',
      'export type EventOf<T extends EventType> = T extends EventType',
      "  ? Omit<EventEnvelope, 'type' | 'version' | 'producer' | 'payload'> & { type: T; version: EventVersions[T]; producer: EventProducers[T]; payload: EventPayloads[T] }",
      '  : never;',
      '',
      '/** Every event this package knows, as a union a `switch (event.type)` narrows. */',
      'export type LumbungEvent = EventOf<EventType>;',
      '',
    ].join('\n'),
  );
  return lines.join('\n');
}

function eventsModule(): string {
  const entries = Object.entries(EVENTS).map(([type, info]) => `  ${JSON.stringify(type)}: Object.freeze(${JSON.stringify(info)}),`);
  return `${GENERATED}export const EVENTS = Object.freeze({\n${entries.join('\n')}\n});\n\nexport const EVENT_TYPES = Object.freeze(Object.keys(EVENTS));\n`;
}

/**
 * runtime.ts on its own, to ES2022 JavaScript and its declarations. It imports only `./events.js`,
 * which in the package is the generated module above, so its declarations need no other file.
 */
function compileRuntime(file: string): { js: string; dts: string } {
  const source = readFileSync(file, 'utf8');
  const compilerOptions: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, removeComments: false };
  const js = ts.transpileModule(source, { compilerOptions, fileName: file, reportDiagnostics: true });
  const dts = ts.transpileDeclaration(source, { compilerOptions: { ...compilerOptions, declaration: true, isolatedDeclarations: true }, fileName: file, reportDiagnostics: true });
  const problems = [...(js.diagnostics ?? []), ...(dts.diagnostics ?? [])].map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (problems.length) throw new Error(`${file} does not compile on its own for the events package:\n  ${problems.join('\n  ')}`);
  return { js: GENERATED + js.outputText, dts: GENERATED + dts.outputText };
}

function packageReadme(version: string): string {
  return `# ${EVENTS_PACKAGE_NAME} ${version}

The events of Lumbung (the registry, replication and nomination services of Central Java's
public-service innovations), for a consumer that reads them from its own BullMQ queue.

- \`EVENTS\`, \`EVENT_TYPES\`: every event type with its current version, producer, summary and schema file.
- Types: \`EventEnvelope\`, \`LumbungEvent\` (a union \`switch (event.type)\` narrows), \`EventOf<'innovation.revised'>\`,
  and each payload (\`InnovationRevisedV1\`, \`InnovationSnapshot\`, …), generated from the JSON Schemas.
- \`subscriberQueueName('analytics')\` → \`analytics-events\`, the queue an operator gives subscriber \`analytics\`;
  \`DEFAULT_QUEUE_PREFIX\` (\`lumbung\`), the services' default QUEUE_PREFIX (BullMQ's \`prefix\`).
- \`isEventEnvelope(data)\`, \`isKnownEvent(event)\`, \`matchesPattern('innovation.*', type)\`, \`eventTypesMatching(patterns)\`.
- \`@lumbung/events/schemas/<type>.v<N>.json\`: JSON Schema (draft-07) of each published event version, whole job
  data; \`schemas/envelope.json\`; \`@lumbung/events/asyncapi.yaml\`: the AsyncAPI 3.0 document.

Delivery is at least once and a queue may reorder: dedupe by the event's \`id\`, and keep the last
\`aggregateVersion\` applied per \`aggregateId\`, skipping an event at or below it. Versions of an
aggregate strictly increase but a subscriber may not see every one (its patterns or its province
filter skip some), so a gap is not a missing event. Lumbung's repository has a whole consumer in
\`examples/consumer/\`.
`;
}
