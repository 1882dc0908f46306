// Builds the console unless its last build is newer than everything it is built from. Vite has no
// incremental build, and `npm start` builds on every start: without this, an unchanged checkout
// spent seconds rebuilding the same files. The inputs: the console's sources, its page, its Vite
// and TypeScript settings, and the lockfile (a changed dependency changes the bundle).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const root = join(consoleDir, '..', '..');
const stamp = join(consoleDir, 'dist', '.vite', 'manifest.json');

function newest(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

const inputs = [join(consoleDir, 'src'), join(consoleDir, 'index.html'), join(consoleDir, 'vite.config.ts'), join(consoleDir, 'tsconfig.json'), join(root, 'package-lock.json')];
const upToDate = existsSync(stamp) && inputs.every((input) => !existsSync(input) || newest(input) < statSync(stamp).mtimeMs);

if (upToDate) {
  console.log('console bundle: unchanged since the last build');
} else {
  const vite = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(consoleDir, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
  if (vite.status !== 0) process.exit(vite.status ?? 1);
}
const check = spawnSync(process.execPath, [join(consoleDir, 'scripts', 'check-bundle.mjs')], { stdio: 'inherit' });
process.exit(check.status ?? 1);
