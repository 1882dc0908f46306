import cliProgress from 'cli-progress';
import type { ImportProgress } from '@lumbung/platform';

export interface ProgressReporter {
  update(progress: ImportProgress): void;
  stop(): void;
}

/** Seconds between two plain progress lines: a log that keeps up without filling a CI page. */
const LINE_EVERY_MS = 2000;

const percentOf = (p: ImportProgress) => (p.totalBytes ? Math.min(100, Math.floor((p.bytesRead / p.totalBytes) * 100)) : 100);

/**
 * A bar on a terminal (rows done, rows per second, time left), plain lines otherwise (a pipe, a
 * CI log, a cron mail), where a bar's carriage returns would be noise. The total is the file's size:
 * a streamed file's number of rows is not known until its end.
 */
export function progressReporter(out: NodeJS.WriteStream, label: string): ProgressReporter {
  // From the first row read, not from the command's start: booting the service is not import time.
  let started = 0;
  const rate = (rows: number) => Math.round(rows / Math.max(0.001, (Date.now() - started) / 1000));
  const begin = () => (started ||= Date.now());
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} |{bar}| {percentage}% | {rows} baris | {rate} baris/s | sisa {eta_formatted}`, stream: out, hideCursor: true, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    let started_ = false;
    return {
      update(p) {
        begin();
        if (!started_) {
          bar.start(p.totalBytes || 1, 0, { rows: 0, rate: 0 });
          started_ = true;
        }
        bar.update(p.bytesRead, { rows: p.rows, rate: rate(p.rows) });
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let lastLine = '';
  return {
    update(p) {
      begin();
      const now = Date.now();
      if (now - last < LINE_EVERY_MS && p.bytesRead < p.totalBytes) return;
      const counts = `${p.rows}/${p.created}/${p.present}/${p.failed}/${p.bytesRead}`;
      if (counts === lastLine) return;
      lastLine = counts;
      last = now;
      out.write(`${label}: ${p.rows} baris (${rate(p.rows)} baris/s), ${percentOf(p)}% berkas; ${p.created} baru, ${p.present} sudah ada, ${p.failed} ditolak\n`);
    },
    stop: () => undefined,
  };
}
