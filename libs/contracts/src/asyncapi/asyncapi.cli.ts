import 'reflect-metadata';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASYNCAPI_FILE, asyncApiYaml } from './asyncapi-yaml.js';
import { nextReleases, RELEASED_EVENTS_FILE } from './released-events.js';

// `npm run docs:asyncapi`: writes docs/asyncapi.yaml and docs/events-released.json from the contracts
// (run from the repository root). A change that breaks a published event version is refused here.
const releasedFile = resolve(process.cwd(), RELEASED_EVENTS_FILE);
const released = existsSync(releasedFile) ? JSON.parse(readFileSync(releasedFile, 'utf8')) : {};
const { releases, breaking } = nextReleases(released);
if (breaking.length) {
  console.error(`These changes break a published event version; publish a new version of the event instead (README, "Changing an event"):\n  ${breaking.join('\n  ')}`);
  process.exit(1);
}
writeFileSync(releasedFile, `${JSON.stringify(releases, null, 2)}\n`);
const target = resolve(process.cwd(), ASYNCAPI_FILE);
writeFileSync(target, asyncApiYaml());
console.log(`wrote ${target} and ${releasedFile}`);
