import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The Node the README promises (package.json engines, 20.19) must be one every installed package
 * accepts, or `npm ci` prints EBADENGINE warnings and a newcomer cannot tell which matter. Read from
 * the lockfile, which is what `npm ci` installs and checks.
 */
const require = createRequire(import.meta.url);
const semver = require('semver') as { minVersion(range: string): { version: string } | null; satisfies(v: string, range: string): boolean };

/**
 * Packages without a release that accepts Node 20 for what the project needs, each with why it stays.
 * The test fails for any other, and for one of these once it no longer needs to be here.
 */
const KNOWN: Record<string, string> = {
  // Every release that supports Nest 12 asks for Node 22.12; 4.x is CommonJS and requires the
  // ES-module-only @nestjs/common, which Jest on Node 20 cannot load. It runs on Node 20.19 in practice.
  'nestjs-pino': 'the logger bridge: replace with a small LoggerService over pino to drop it',
  // 3.x (Node 18) has the Kemendagri names in capitals ("KABUPATEN KUDUS"), which every region answer and test shows.
  'idn-area-data': 'the region catalogue: 4.x is the one with the names as written',
};

describe('package engines and the Node the README names', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string; engines?: { node?: string } | string[] }> };
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('names Node 20.19 as the minimum, as the README and the Dockerfile do', () => {
    expect(minimum).toBe('20.19.0');
    expect(readFileSync('README.md', 'utf8')).toMatch(/Node(\.js)? 20\.19/);
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/NODE_IMAGE=node:20-/);
  });

  it('installs no package that refuses that Node, beyond the ones named here with a reason', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path, p]) => path && p.engines && !Array.isArray(p.engines) && p.engines.node && !semver.satisfies(minimum, p.engines.node))
      .map(([path, p]) => `${path.replace(/^.*node_modules\//, '')}@${p.version} wants node ${(p.engines as { node: string }).node}`);
    const unexplained = refusing.filter((r) => !Object.keys(KNOWN).some((name) => r.startsWith(`${name}@`)));
    expect(unexplained).toEqual([]);
    // A known one that has been fixed must leave the list.
    for (const name of Object.keys(KNOWN)) expect({ name, stillRefuses: refusing.some((r) => r.startsWith(`${name}@`)) }).toEqual({ name, stillRefuses: true });
  });
});
