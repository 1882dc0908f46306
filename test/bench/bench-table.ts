import type { CpuPerCall } from './proc-cpu.js';

export interface Measurement {
  opsPerSec: number;
  p50?: number;
  p99?: number;
  count: number;
  errors: number;
  totalMs?: number;
  /** Where the phase's CPU went, per call (/proc). */
  cpu?: CpuPerCall;
}

export interface Comparison {
  label: string;
  subject: Measurement;
  baselineLabel: string;
  baseline: Measurement;
  /** The share of the baseline's ops/s the subject should reach, e.g. 0.4; undefined when there is no aim. */
  aim?: number;
  /** Every round's ratio, when there were several. */
  ratios: number[];
}

/** The round whose ratio is the median, and all rounds' ratios: one noisy round neither makes nor breaks the result. */
export function medianRound(pairs: { subject: Measurement; baseline: Measurement }[]): Pick<Comparison, 'subject' | 'baseline' | 'ratios'> {
  const ratios = pairs.map((p) => p.subject.opsPerSec / p.baseline.opsPerSec);
  const order = ratios.map((r, i) => [r, i] as const).sort((a, b) => a[0] - b[0]);
  const median = pairs[order[Math.floor((order.length - 1) / 2)][1]];
  return { ...median, ratios };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const ratioOf = (c: Comparison) => c.subject.opsPerSec / c.baseline.opsPerSec;

const num = (n: number | undefined, digits = 0) => (n === undefined || Number.isNaN(n) ? '-' : n.toFixed(digits));
const pct = (r: number) => `${(r * 100).toFixed(0)}%`;

/** A Markdown table: ratios are the result, absolute numbers only their context (the machine is shared and noisy). */
export function formatTable(comparisons: Comparison[]): string {
  const header = ['measurement', 'ops/s', 'p50 ms', 'p99 ms', 'errors', 'baseline', 'ops/s', 'p50 ms', 'p99 ms', 'ratio', 'range', 'aim', 'met'];
  const rows = comparisons.map((c) => {
    const ratio = ratioOf(c);
    return [
      c.label,
      num(c.subject.opsPerSec),
      num(c.subject.p50, 1),
      num(c.subject.p99, 1),
      String(c.subject.errors),
      c.baselineLabel,
      num(c.baseline.opsPerSec),
      num(c.baseline.p50, 1),
      num(c.baseline.p99, 1),
      pct(ratio),
      c.ratios.length > 1 ? `${pct(Math.min(...c.ratios))}-${pct(Math.max(...c.ratios))}` : '-',
      c.aim === undefined ? '-' : `>= ${pct(c.aim)}`,
      c.aim === undefined ? '-' : ratio >= c.aim ? 'yes' : 'NO',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

/**
 * CPU per call of each comparison's subject and baseline (the median round's), in µs: where a
 * request's cost lands, which moves less with the machine's other load than the rates do.
 */
export function formatCpuTable(comparisons: Comparison[]): string {
  const header = ['measurement', 'service µs', 'PostgreSQL µs', 'caller µs', 'all µs'];
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const [label, m] of comparisons.flatMap((c) => [[c.label, c.subject], [c.baselineLabel, c.baseline]] as const)) {
    if (!m.cpu || seen.has(label)) continue;
    seen.add(label);
    const { service, postgres, caller } = m.cpu;
    rows.push([label, num(service), num(postgres), num(caller), num(service + postgres + caller)]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
