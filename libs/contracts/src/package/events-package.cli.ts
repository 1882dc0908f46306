import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { buildEventsPackage, DEFAULT_PACKAGE_DIR, packEventsPackage } from './events-package.js';

// `npm run package:events` (from the repository root): builds @lumbung/events into dist/events-package
// and packs it to dist/lumbung-events-<version>.tgz, the file a consumer installs (`npm install <tgz>`).
// --out DIR and --pack-destination DIR move them; --no-pack leaves the folder unpacked.
const { values } = parseArgs({
  options: { out: { type: 'string', default: DEFAULT_PACKAGE_DIR }, 'pack-destination': { type: 'string', default: 'dist' }, 'no-pack': { type: 'boolean', default: false } },
});
try {
  const built = buildEventsPackage({ outDir: values.out! });
  console.log(`built ${built.name}@${built.version} in ${built.dir} (${built.files.length} files)`);
  if (!values['no-pack']) console.log(`packed ${packEventsPackage(built.dir, values['pack-destination']!)}`);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}
