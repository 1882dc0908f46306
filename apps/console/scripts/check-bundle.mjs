// The console's budget: the JavaScript a browser must fetch before the first page shows, gzipped,
// at most 300 KB. "Initial" is the entry chunk and every chunk it imports statically; pages are
// lazy chunks and do not count. Reads the manifest Vite writes, prints the figures, exits 1 above.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const BUDGET_BYTES = 300_000;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const initial = new Set();
const visit = (key) => {
  const chunk = manifest[key];
  if (!chunk || initial.has(chunk.file)) return;
  initial.add(chunk.file);
  for (const dep of chunk.imports ?? []) visit(dep);
};
for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);

const lazy = Object.values(manifest).filter((c) => c.file.endsWith('.js') && !initial.has(c.file));
const kb = (n) => `${(n / 1000).toFixed(1)} KB`;
let total = 0;
for (const file of initial) {
  const size = gzipped(file);
  total += size;
  console.log(`console bundle: initial ${file} ${kb(size)} gzipped`);
}
const lazyTotal = lazy.reduce((sum, c) => sum + gzipped(c.file), 0);
console.log(`console bundle: initial JavaScript ${kb(total)} gzipped (budget ${kb(BUDGET_BYTES)}); ${lazy.length} lazy chunks ${kb(lazyTotal)}`);
if (total > BUDGET_BYTES) {
  console.error(`console bundle: initial JavaScript is ${kb(total)} gzipped, above the ${kb(BUDGET_BYTES)} budget: lazy-load more of it`);
  process.exit(1);
}
