import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ASYNCAPI_FILE, asyncApiYaml } from './asyncapi-yaml.js';

// `npm run docs:asyncapi`: writes docs/asyncapi.yaml from the contracts (run from the repository root).
const target = resolve(process.cwd(), ASYNCAPI_FILE);
writeFileSync(target, asyncApiYaml());
console.log(`wrote ${target}`);
