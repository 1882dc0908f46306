import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { startService, type AppFactory } from '@lumbung/testing';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';
import { createReplicationApp } from '../../apps/replication/src/replication.app.js';

interface Problem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  location: Array<{ pointer: string }>;
}

/**
 * Runs Redocly's CLI on a document with the repository's redocly.yaml. The CLI rather than its
 * library: @redocly/cli ships as one bundle, with no @redocly/openapi-core to import.
 */
async function lint(document: unknown): Promise<Problem[]> {
  const dir = mkdtempSync(join(tmpdir(), 'lumbung-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = resolve('node_modules/@redocly/cli/bin/cli.js');
    const run = promisify(execFile);
    const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NODE_OPTIONS: '' };
    // Exit code 1 means problems were found; the JSON report on stdout says which.
    const { stdout } = await run(process.execPath, [cli, 'lint', file, '--config', resolve('redocly.yaml'), '--format', 'json'], { env, maxBuffer: 64 * 1024 * 1024 }).catch(
      (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
    );
    return (JSON.parse(stdout) as { problems: Problem[] }).problems;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Problems let through, each with why; nothing else is. */
const EXEMPT: Array<{ rule: string; pointer: RegExp; why: string }> = [
  { rule: 'operation-4xx-response', pointer: /^#\/paths\/~1health~1(live|ready)\//, why: 'public probes with no input have no 4XX answer' },
  { rule: 'operation-4xx-response', pointer: /^#\/paths\/~1\.well-known~1jwks\.json\//, why: 'the public key set takes no input and has no 4XX answer' },
  { rule: 'operation-4xx-response', pointer: /^#\/paths\/~1accounts~1sign-in-options\//, why: 'the sign-in options take no input and have no 4XX answer' },
  { rule: 'operation-2xx-response', pointer: /^#\/paths\/~1accounts~1oidc~1(start|callback)\//, why: 'single sign-on answers with redirects (302 to the provider, 303 to the console), never a 2XX' },
];

const services: Array<[string, AppFactory]> = [
  ['registry', createRegistryApp],
  ['replication', createReplicationApp],
  ['nomination', createNominationApp],
];

describe('OpenAPI documents pass the Redocly lint (redocly.yaml)', () => {
  it.each(services)('%s: /docs-json has no lint errors or warnings', async (_name, factory) => {
    const svc = await startService(factory);
    try {
      const docs = await svc.request('GET', '/docs-json');
      expect(docs.status).toBe(200);
      const problems = (await lint(docs.body)).filter((p) => !EXEMPT.some((e) => e.rule === p.ruleId && e.pointer.test(p.location[0]?.pointer ?? '')));
      expect(problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
    } finally {
      await svc.close();
    }
  });
});
