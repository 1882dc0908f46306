import { DEMO_REGIONS, DEMO_YEAR, type DemoInnovation, type DemoRegion } from './demo-data.js';

export interface DemoLoadOptions {
  registryUrl: string;
  /** A token allowed to write in every demo region: a province-admin of 33 or a national-admin. */
  token: string;
  log?: (line: string) => void;
  regions?: readonly DemoRegion[];
}

export interface DemoLoadResult {
  agencies: { created: number; existing: number };
  innovations: { created: number; existing: number };
  summary: string;
}

export class DemoLoadError extends Error {}

interface AgencyView {
  id: string;
  name: string;
}

interface InnovationPage {
  items: { name: string }[];
  nextCursor: string | null;
}

/**
 * Loads the demo through the registry's HTTP API, the path users take, so every write emits its
 * events. It reads before it writes and only adds what is missing, so a second run adds nothing.
 */
export async function loadDemo(options: DemoLoadOptions): Promise<string> {
  return (await loadDemoData(options)).summary;
}

export async function loadDemoData(options: DemoLoadOptions): Promise<DemoLoadResult> {
  const api = new RegistryClient(options.registryUrl, options.token);
  const log = options.log ?? (() => undefined);
  const result: DemoLoadResult = { agencies: { created: 0, existing: 0 }, innovations: { created: 0, existing: 0 }, summary: '' };

  for (const region of options.regions ?? DEMO_REGIONS) {
    const existing = await api.get<AgencyView[]>(`/agencies?region=${region.regionCode}&includeRetired=true`);
    const agencyIds = new Map(existing.map((a) => [a.name, a.id]));
    let createdHere = 0;
    for (const name of region.agencies) {
      if (agencyIds.has(name)) {
        result.agencies.existing++;
        continue;
      }
      const created = await api.post<AgencyView>('/agencies', { regionCode: region.regionCode, name });
      agencyIds.set(name, created.id);
      result.agencies.created++;
      createdHere++;
    }

    let innovationsHere = 0;
    const byAgency = new Map<string, DemoInnovation[]>();
    for (const innovation of region.innovations) byAgency.set(innovation.agency, [...(byAgency.get(innovation.agency) ?? []), innovation]);
    for (const [agencyName, innovations] of byAgency) {
      const agencyId = agencyIds.get(agencyName);
      if (!agencyId) throw new DemoLoadError(`demo data: innovation of "${agencyName}", which is not an agency of ${region.label}`);
      const known = new Set((await api.allInnovationsOf(agencyId)).map((i) => i.name));
      for (const { agency: _agency, ...innovation } of innovations) {
        if (known.has(innovation.name)) {
          result.innovations.existing++;
          continue;
        }
        await api.post('/innovations', { ...innovation, regionCode: region.regionCode, agencyId });
        result.innovations.created++;
        innovationsHere++;
      }
    }
    log(`demo: ${region.label} (${region.regionCode}): ${createdHere} agencies and ${innovationsHere} innovations added`);
  }

  const lines = [
    `demo data: ${result.agencies.created} agencies and ${result.innovations.created} innovations added ` +
      `(${result.agencies.existing} and ${result.innovations.existing} were there already)`,
  ];
  try {
    lines.push(...(await complianceLines(api)));
  } catch (err) {
    lines.push(`compliance view not available yet: ${(err as Error).message}`);
  }
  result.summary = lines.join('\n');
  return result;
}

interface ComplianceCounts {
  agencies: number;
  withInnovation: number;
  percentage: number | null;
}

async function complianceLines(api: RegistryClient): Promise<string[]> {
  const view = await api.get<{ regencies: (ComplianceCounts & { regionCode: string; regionName: string })[]; totals: ComplianceCounts }>(
    `/compliance?region=33&year=${DEMO_YEAR}`,
  );
  const pct = (c: ComplianceCounts) => (c.percentage === null ? '-' : `${c.percentage}%`);
  return [
    `Satu OPD Satu Inovasi ${DEMO_YEAR}, Jawa Tengah: ${view.totals.withInnovation}/${view.totals.agencies} agencies (${pct(view.totals)}); GET /compliance?region=33&year=${DEMO_YEAR}`,
    ...view.regencies.filter((r) => r.agencies > 0).map((r) => `  ${r.regionCode} ${r.regionName.padEnd(22)} ${String(r.withInnovation).padStart(3)}/${String(r.agencies).padEnd(3)} ${pct(r)}`),
  ];
}

class RegistryClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  async allInnovationsOf(agencyId: string): Promise<{ name: string }[]> {
    const all: { name: string }[] = [];
    let cursor: string | null = null;
    do {
      const page: InnovationPage = await this.get<InnovationPage>(
        `/innovations?agency=${agencyId}&includeRetired=true&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new DemoLoadError(`the registry does not answer at ${this.baseUrl} (${(err as Error).message}); start it with npm start`);
    }
    const text = await res.text();
    if (!res.ok) {
      const hint = res.status === 404 && /Cannot (GET|POST)/.test(text) ? ' (this registry has no such endpoint yet)' : '';
      throw new DemoLoadError(`${method} ${path} answered ${res.status}${hint}: ${text.slice(0, 500)}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
