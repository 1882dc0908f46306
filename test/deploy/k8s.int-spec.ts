import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { QueueKeys } from 'bullmq';
import { INBOX_QUEUES } from '@lumbung/contracts';
import {
  ROOT,
  autoscalerProblems,
  deploymentProblems,
  disruptionBudgetProblems,
  envOf,
  id,
  kustomize,
  kustomizeBinary,
  LOCKFILE_KUSTOMIZE,
  onPath,
  parseYamlDocuments,
  podSecurityProblems,
  podTemplates,
  realSecretProblems,
  resourceProblems,
  runTool,
  schemaProblems,
  selects,
  serviceSelectorProblems,
  unknownFieldProblems,
  type K8sObject,
} from './k8s-checks.js';
import { REDIS_LIST_TRIGGER_KEYS } from './keda-types.js';
import { FRONT_DOOR_ROUTES } from '../../apps/launcher/src/front-door.server.js';

/**
 * The kustomize overlays, built offline with kubectl and checked object by object: Kubernetes'
 * schemas (kubernetes-models), unknown fields, and the wiring between objects that no schema sees.
 */
const SERVICES = Object.keys(INBOX_QUEUES) as Array<keyof typeof INBOX_QUEUES>;
const OVERLAYS = ['dev', 'production', 'production-keda'] as const;
/** Secrets the manifests may reference; they are created out of band (docs/deploy.md). */
const OUT_OF_BAND_SECRETS = new Set(['lumbung-secrets', 'lumbung-signing-keys', 'lumbung-postgres', 'lumbung-keda-redis']);
/** BullMQ's lock on a job being processed (EventConsumer's lockDuration): grace must outlast it. */
const JOB_LOCK_SECONDS = 30;

const built: Record<(typeof OVERLAYS)[number], K8sObject[]> = { dev: [], production: [], 'production-keda': [] };

/** The port each service listens on by default, read from its env class (PORT = 3001). */
function defaultPort(service: string): number {
  const source = readFileSync(join(ROOT, `apps/${service}/src/${service}.env.ts`), 'utf8');
  const port = /override PORT = (\d+)/.exec(source)?.[1];
  if (!port) throw new Error(`no default PORT in apps/${service}/src/${service}.env.ts`);
  return Number(port);
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

const byKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const named = (objects: K8sObject[], kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);

/** Unknown-field problems of all overlays, from one compilation (each takes seconds), by overlay. */
let fieldProblems: string[] = [];

beforeAll(() => {
  for (const overlay of OVERLAYS) built[overlay] = kustomize(`k8s/overlays/${overlay}`);
  const overlayOf = new Map(OVERLAYS.flatMap((overlay) => built[overlay].map((o) => [o, overlay] as const)));
  fieldProblems = unknownFieldProblems(
    OVERLAYS.flatMap((overlay) => built[overlay]),
    (o) => `${overlayOf.get(o)}: ${id(o)}`,
  );
});

describe.each(OVERLAYS)('k8s overlay %s', (overlay) => {
  const objects = () => built[overlay];

  it('builds with kubectl kustomize and puts everything in one namespace', () => {
    expect(objects().length).toBeGreaterThan(20);
    const namespaces = new Set(objects().map((o) => o.metadata.namespace));
    expect([...namespaces]).toEqual([overlay === 'dev' ? 'lumbung-dev' : 'lumbung']);
  });

  it('validates every object against the Kubernetes schemas (kubernetes-models)', async () => {
    expect(await schemaProblems(objects())).toEqual([]);
  });

  it('has no field Kubernetes does not know, in built-in kinds and in the KEDA resources', () => {
    expect(fieldProblems.filter((p) => p.startsWith(`${overlay}: `))).toEqual([]);
  });

  it('routes every Service to pods of a Deployment or StatefulSet, on a port they declare', () => {
    expect(serviceSelectorProblems(objects())).toEqual([]);
  });

  it('gives every Deployment probes on the health endpoints, requests and limits, non-root, maxUnavailable 0', () => {
    expect(byKind(objects(), 'Deployment')).toHaveLength(SERVICES.length * 2);
    expect(deploymentProblems(objects())).toEqual([]);
  });

  it('runs every other pod (Jobs, StatefulSets) non-root with requests and limits too', () => {
    const problems = podTemplates(objects())
      .filter((t) => t.owner.kind !== 'Deployment')
      .flatMap((t) => [...podSecurityProblems(t.owner, t.spec), ...t.spec.containers.flatMap((c: any) => resourceProblems(`${id(t.owner)} container ${c.name}`, c))]);
    expect(problems).toEqual([]);
  });

  it('points every autoscaler at an existing Deployment, one autoscaler per Deployment', () => {
    expect(autoscalerProblems(objects())).toEqual([]);
    const hpaTargets = byKind(objects(), 'HorizontalPodAutoscaler').map((h) => h.spec.scaleTargetRef.name).sort();
    expect(hpaTargets).toEqual(SERVICES.map((s) => `${s}-http`).sort());
  });

  it('protects pods with PodDisruptionBudgets that select them', () => {
    expect(byKind(objects(), 'PodDisruptionBudget').length).toBeGreaterThanOrEqual(SERVICES.length);
    expect(disruptionBudgetProblems(objects())).toEqual([]);
  });

  it.each(SERVICES)('runs %s as an API Deployment, a worker Deployment and a migration Job of one image', (service) => {
    const http = named(objects(), 'Deployment', `${service}-http`);
    const worker = named(objects(), 'Deployment', `${service}-worker`);
    const job = named(objects(), 'Job', `${service}-migrate`);
    expect([http, worker, job].map((o) => o && id(o))).toEqual([`Deployment/${service}-http`, `Deployment/${service}-worker`, `Job/${service}-migrate`]);
    const [hc, wc, jc] = [http!, worker!, job!].map((o) => o.spec.template.spec.containers[0]);

    expect([envOf(hc, 'SERVICE'), envOf(wc, 'SERVICE'), envOf(jc, 'SERVICE')]).toEqual([service, service, service]);
    expect([envOf(hc, 'ROLE'), envOf(wc, 'ROLE')]).toEqual(['http', 'worker']);
    expect(jc.args).toEqual(['migrate']);
    expect(new Set([hc.image, wc.image, jc.image]).size).toBe(1);
    const port = String(defaultPort(service));
    expect([envOf(hc, 'PORT'), envOf(wc, 'PORT')]).toEqual([port, port]);
    expect(hc.ports.map((p: any) => p.containerPort)).toEqual([Number(port)]);

    // Migrations are the Job's: the services must not race each other to run them.
    const config = byKind(objects(), 'ConfigMap').find((c) => hc.envFrom.some((e: any) => e.configMapRef?.name === c.metadata.name));
    expect(config?.data?.RUN_MIGRATIONS).toBe('false');
    // Behind the ingress, one proxy appends the client to X-Forwarded-For; CORS stays closed until named.
    expect(config?.data).toMatchObject({ TRUSTED_PROXY_HOPS: '1', CORS_ORIGINS: '' });
    // The worker gets longer than a job's lock to finish what it holds.
    expect(worker!.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(JOB_LOCK_SECONDS);
    expect(job!.spec.template.spec.restartPolicy).toBe('Never');
    // The process's own shutdown limit ends before the kubelet's kill (after the API's preStop pause).
    const preStopMs = Number(hc.lifecycle?.preStop?.exec?.command?.[1] ?? 0) * 1000;
    expect(Number(envOf(hc, 'SHUTDOWN_GRACE_MS')) + preStopMs).toBeLessThan(http!.spec.template.spec.terminationGracePeriodSeconds * 1000);
    expect(Number(envOf(wc, 'SHUTDOWN_GRACE_MS'))).toBeLessThan(worker!.spec.template.spec.terminationGracePeriodSeconds * 1000);
    expect(Number(envOf(wc, 'SHUTDOWN_GRACE_MS'))).toBeGreaterThan(JOB_LOCK_SECONDS * 1000);

    const service_ = named(objects(), 'Service', service)!;
    expect(selects({ matchLabels: service_.spec.selector }, worker!.spec.template.metadata.labels)).toBe(false);
    expect(selects({ matchLabels: service_.spec.selector }, http!.spec.template.metadata.labels)).toBe(true);
  });

  it('routes the front door paths through the Ingresses as npm start does, to the API pods only', () => {
    // ingress-nginx with use-regex: the path is an anchored regex, rewrite-target fills in its groups.
    const rules = byKind(objects(), 'Ingress').flatMap((ing) =>
      ing.spec.rules.flatMap((r: any) =>
        r.http.paths.map((p: any) => ({ ing, path: p.path as string, pathType: p.pathType as string, service: p.backend.service.name as string, port: p.backend.service.port.name as string })),
      ),
    );
    const route = (requestPath: string) => {
      for (const r of rules) {
        if (r.pathType === 'Exact') {
          if (requestPath === r.path) return { service: r.service, port: r.port, path: requestPath };
          continue;
        }
        const match = new RegExp(`^${r.path}`).exec(requestPath);
        const target = r.ing.metadata.annotations?.['nginx.ingress.kubernetes.io/rewrite-target'] as string | undefined;
        if (match) return { service: r.service, port: r.port, path: target ? target.replace(/\$(\d)/g, (_: string, n: string) => match[Number(n)] ?? '') : requestPath };
      }
      return undefined;
    };
    for (const { prefix, to, rewrite } of FRONT_DOOR_ROUTES) {
      const sample = prefix.endsWith('.json') ? '' : '/regions/33.19?x=1';
      expect({ prefix, routed: route(prefix + sample) }).toEqual({ prefix, routed: { service: to, port: 'http', path: (rewrite || '') + sample || '/' } });
      const svc = named(objects(), 'Service', to)!;
      expect(svc.spec.ports.map((p: any) => p.name)).toContain('http');
    }
    expect(route('/api/registryx/regions')).toBeUndefined();
    for (const ing of byKind(objects(), 'Ingress')) expect(ing.spec.ingressClassName).toBe('nginx');
  });

  it('references only ConfigMaps in the build and Secrets created out of band', () => {
    const configMaps = new Set(byKind(objects(), 'ConfigMap').map((c) => c.metadata.name));
    const problems: string[] = [];
    for (const t of podTemplates(objects())) {
      for (const c of t.spec.containers) {
        for (const from of c.envFrom ?? []) {
          if (from.configMapRef && !configMaps.has(from.configMapRef.name)) problems.push(`${id(t.owner)}: ConfigMap ${from.configMapRef.name} is not in the build`);
          if (from.secretRef && !OUT_OF_BAND_SECRETS.has(from.secretRef.name)) problems.push(`${id(t.owner)}: Secret ${from.secretRef.name} is not documented`);
        }
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef?.name;
          if (ref && !OUT_OF_BAND_SECRETS.has(ref)) problems.push(`${id(t.owner)}: Secret ${ref} is not documented`);
        }
      }
    }
    expect(problems).toEqual([]);
    expect(byKind(objects(), 'Secret')).toEqual([]);
  });

  it("denies all traffic by default; Lumbung pods meet in PostgreSQL and Redis, and reach each other only for the registry's JWKS", () => {
    const policies = byKind(objects(), 'NetworkPolicy');
    const denyAll = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    expect(denyAll?.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);

    const appPods = podTemplates(objects()).filter((t) => t.labels['app.kubernetes.io/part-of'] === 'lumbung');
    const isRegistryApi = (t: { labels: Record<string, string> }) => t.labels['app.kubernetes.io/name'] === 'registry' && t.labels['app.kubernetes.io/component'] === 'http';
    const problems: string[] = [];
    for (const p of policies) {
      const targets = appPods.filter((t) => selects(p.spec.podSelector, t.labels));
      for (const rule of p.spec.ingress ?? []) {
        if (targets.length && !rule.from) problems.push(`${id(p)}: ingress to app pods from anywhere`);
        for (const peer of rule.from ?? []) {
          if (peer.podSelector && !peer.namespaceSelector && targets.length && appPods.some((t) => selects(peer.podSelector, t.labels))) {
            // The one path between Lumbung pods: the registry's API pods serve the JWKS every service verifies tokens with.
            const registryApiOnly = targets.every(isRegistryApi) && (rule.ports ?? []).every((x: any) => x.port === 'http');
            if (!registryApiOnly) problems.push(`${id(p)}: lets Lumbung pods reach Lumbung pods`);
          }
        }
      }
      for (const rule of p.spec.egress ?? []) {
        const ports = (rule.ports ?? []).map((x: any) => x.port);
        const dns = ports.every((x: number) => x === 53);
        if (targets.length && !dns && !rule.to) problems.push(`${id(p)}: egress from app pods to anywhere on ${ports.join(',') || 'every port'}`);
        const toJwks = ports.every((x: number) => x === 3001) && (rule.to ?? []).every((peer: any) => peer.podSelector && !peer.namespaceSelector && appPods.filter((t) => selects(peer.podSelector, t.labels)).every(isRegistryApi));
        if (targets.length && !dns && !toJwks && ports.some((x: number) => ![5432, 6379].includes(x))) problems.push(`${id(p)}: egress to a port other than PostgreSQL or Redis`);
      }
    }
    expect(problems).toEqual([]);
    // Worker pods take no traffic but scrapes: the API's ingress policy must not select them.
    const workers = appPods.filter((t) => t.labels['app.kubernetes.io/component'] === 'worker');
    const httpIngress = policies.find((p) => p.metadata.name === 'lumbung-http-ingress')!;
    expect(workers.some((w) => selects(httpIngress.spec.podSelector, w.labels))).toBe(false);
  });
});

describe('k8s overlays, each its own way', () => {
  it('dev runs PostgreSQL 15 and Redis 7 (noeviction, append-only) as StatefulSets reachable only from Lumbung pods', () => {
    const objects = built.dev;
    const postgres = named(objects, 'StatefulSet', 'postgres')!;
    const redis = named(objects, 'StatefulSet', 'redis')!;
    expect(postgres.spec.template.spec.containers[0].image).toBe('postgres:15');
    expect(redis.spec.template.spec.containers[0].image).toBe('redis:7');
    const args: string[] = redis.spec.template.spec.containers[0].args;
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(args[args.indexOf('--appendonly') + 1]).toBe('yes');
    for (const s of [postgres, redis]) {
      expect(s.spec.volumeClaimTemplates).toHaveLength(1);
      expect(named(objects, 'Service', s.spec.serviceName)?.spec.clusterIP).toBe('None');
    }
    for (const name of ['postgres-ingress', 'redis-ingress']) {
      const policy = named(objects, 'NetworkPolicy', name)!;
      expect(policy.spec.ingress.map((r: any) => r.from)).toEqual([[{ podSelector: { matchLabels: { 'app.kubernetes.io/part-of': 'lumbung' } } }]]);
    }
  });

  it('production runs no database of its own and reaches the managed endpoints only', () => {
    const objects = built.production;
    expect(byKind(objects, 'StatefulSet')).toEqual([]);
    const egress = named(objects, 'NetworkPolicy', 'lumbung-datastores-egress')!.spec.egress;
    expect(egress.every((rule: any) => rule.to?.every((peer: any) => peer.ipBlock?.cidr))).toBe(true);
    expect(byKind(objects, 'ScaledObject')).toEqual([]);
    for (const d of byKind(objects, 'Deployment').filter((x) => x.metadata.name.endsWith('-worker'))) expect(d.spec.replicas).toBeGreaterThanOrEqual(2);
    for (const d of byKind(objects, 'Deployment').filter((x) => x.metadata.name.endsWith('-http'))) expect(d.spec.replicas).toBeUndefined();
  });

  it('production-keda scales each worker Deployment on its inbox wait list, as BullMQ names it', () => {
    const objects = built['production-keda'];
    const prefix = byKind(objects, 'ConfigMap')[0].data!.QUEUE_PREFIX;
    const scaled = byKind(objects, 'ScaledObject');
    expect(scaled.map((s) => s.spec.scaleTargetRef.name).sort()).toEqual(SERVICES.map((s) => `${s}-worker`).sort());
    for (const s of scaled) {
      const service = s.spec.scaleTargetRef.name.replace(/-worker$/, '') as keyof typeof INBOX_QUEUES;
      const [trigger] = s.spec.triggers;
      expect(trigger.type).toBe('redis');
      expect(trigger.metadata.listName).toBe(new QueueKeys(prefix).toKey(INBOX_QUEUES[service], 'wait'));
      expect(Number(trigger.metadata.listLength)).toBeGreaterThan(0);
      expect(Object.keys(trigger.metadata).filter((k) => !REDIS_LIST_TRIGGER_KEYS.has(k))).toEqual([]);
      expect(named(objects, 'TriggerAuthentication', trigger.authenticationRef.name)).toBeDefined();
      // KEDA owns the count; a fixed replicas would reset it on every apply.
      expect(named(objects, 'Deployment', s.spec.scaleTargetRef.name)!.spec.replicas).toBeUndefined();
    }
    for (const a of byKind(objects, 'TriggerAuthentication')) {
      for (const ref of a.spec.secretTargetRef) expect(OUT_OF_BAND_SECRETS.has(ref.name)).toBe(true);
    }
  });
});

describe('k8s sources', () => {
  it('commit no Secret with real data: only CHANGE-ME placeholders, in files no kustomization lists', () => {
    const problems: string[] = [];
    const secretFiles: string[] = [];
    for (const file of yamlFilesUnder(join(ROOT, 'k8s'))) {
      const objects = parseYamlDocuments<K8sObject>(readFileSync(file, 'utf8'));
      if (objects.some((o) => o?.kind === 'Secret')) secretFiles.push(relative(ROOT, file));
      problems.push(...realSecretProblems(relative(ROOT, file), objects));
    }
    expect(problems).toEqual([]);
    expect(secretFiles.every((f) => f.endsWith('.example.yaml'))).toBe(true);
    expect(secretFiles.length).toBeGreaterThan(0);
  });
});

describe('the checks themselves', () => {
  // A check that cannot fail proves nothing: each is shown a broken copy of a real object.
  const deployment = () => structuredClone(named(built.dev, 'Deployment', 'registry-http')!);

  it('catch an unknown field and a wrong type', () => {
    // TypeScript reports the first problem of each object, so each broken copy holds one.
    const misspelt = deployment();
    misspelt.spec.template.spec.containers[0].readinesProbe = misspelt.spec.template.spec.containers[0].readinessProbe;
    const mistyped = deployment();
    mistyped.spec.template.spec.containers[0].ports[0].containerPort = '3001';
    const scaled = structuredClone(named(built['production-keda'], 'ScaledObject', 'registry-worker')!);
    scaled.spec.minReplicas = 1;
    const problems = unknownFieldProblems([misspelt, mistyped, deployment(), scaled]);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/readinesProbe/);
    expect(problems[1]).toMatch(/containerPort/);
    expect(problems[2]).toMatch(/ScaledObject.*minReplicas/);
  });

  it('catch a schema violation and an unknown kind', async () => {
    const d = deployment();
    delete d.spec.selector;
    const problems = await schemaProblems([d, { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }]);
    expect(problems).toHaveLength(2);
  });

  it('catch a Service that selects nothing, a missing probe, maxUnavailable above 0 and root', () => {
    const d = deployment();
    const svc = structuredClone(named(built.dev, 'Service', 'registry')!);
    svc.spec.selector = { 'app.kubernetes.io/name': 'registyr' };
    expect(serviceSelectorProblems([d, svc])).toHaveLength(1);
    delete d.spec.template.spec.containers[0].livenessProbe;
    d.spec.strategy.rollingUpdate.maxUnavailable = 1;
    d.spec.template.spec.securityContext.runAsUser = 0;
    delete d.spec.template.spec.containers[0].resources.limits;
    expect(deploymentProblems([d])).toHaveLength(5);
  });

  it('catch an HPA aimed at a missing Deployment and a committed secret value', () => {
    const hpa = structuredClone(named(built.dev, 'HorizontalPodAutoscaler', 'registry-http')!);
    hpa.spec.scaleTargetRef.name = 'registry';
    expect(autoscalerProblems([deployment(), hpa])).toHaveLength(1);
    const secret: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { BOARD_SESSION_SECRET: 'hunter2hunter2hunter2' }, data: { X: 'eA==' } };
    expect(realSecretProblems('x.yaml', [secret])).toHaveLength(2);
  });
});

describe('the kustomize the deploy tests use', () => {
  it('is the lockfile\'s by default, so no machine needs kubectl or Go to build the overlays', () => {
    const { KUSTOMIZE: _unset, ...env } = process.env;
    expect(kustomizeBinary(env)).toBe(LOCKFILE_KUSTOMIZE);
    expect(existsSync(kustomizeBinary(env))).toBe(true);
  });

  it('is the binary KUSTOMIZE names when set (`kustomize build`), with the same result', () => {
    const bin = mkdtempSync(join(tmpdir(), 'lumbung-kustomize-'));
    const marker = join(bin, 'called');
    try {
      // A stand-in that records its call and hands over to the lockfile's kustomize.
      writeFileSync(join(bin, 'kustomize'), `#!/bin/sh\necho "$*" > ${marker}\nexec ${LOCKFILE_KUSTOMIZE} "$@"\n`);
      chmodSync(join(bin, 'kustomize'), 0o755);
      const viaKustomize = kustomize('k8s/overlays/dev', { ...process.env, KUSTOMIZE: join(bin, 'kustomize') });
      expect(readFileSync(marker, 'utf8').trim()).toBe(`build ${join(ROOT, 'k8s/overlays/dev')}`);
      expect(viaKustomize).toEqual(kustomize('k8s/overlays/dev'));
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });

  // A cluster operator applies the overlays with kubectl (kustomize 5): it must build exactly what
  // the tests checked. Machines without kubectl (a fresh Debian) have nothing to compare against.
  (onPath('kubectl') ? it : it.skip)('builds every overlay exactly as kubectl\'s built-in kustomize does', () => {
    for (const overlay of OVERLAYS) {
      const { status, stdout, stderr } = runTool('kubectl', ['kustomize', join(ROOT, `k8s/overlays/${overlay}`)], { install: 'kubectl' });
      expect({ overlay, status, stderr }).toEqual({ overlay, status: 0, stderr: '' });
      expect(parseYamlDocuments(stdout)).toEqual(kustomize(`k8s/overlays/${overlay}`));
    }
  });
});
