import pg from 'pg';
import { KIPP_2023_CRITERIA, type PhaseWindow } from '@lumbung/contracts';
import { innovationSnapshot } from '@lumbung/testing';
import { wibDate } from '../../apps/nomination/src/editions/edition-rules.js';
import { medianRound, type Comparison, type Measurement } from './bench-table.js';
import { rawRowAndOutboxTransactions } from './raw-baselines.js';
import { benchToken } from './bench-env.js';
import { BenchScratch, CONNECTIONS, ChildServers, DURATION_S, ROUNDS, WARMUP_S, call, intOf, startServiceServer, timedPhase, type Timed } from './bench-kit.js';
import type { ServiceServerReady } from './service-servers.js';

/**
 * (w) of the nomination bench: the write endpoints a deadline burst hits (every OPD of a regency
 * entering in the window's last days, then the jury scoring), each alone, CONNECTIONS callers at
 * once, against the raw "row + outbox row" transaction measured in the same round (issue 20).
 */

const KUDUS = '33.19';
/** Issue 20: every write endpoint of the nomination service at least this share of the raw transaction rate. */
export const WRITE_AIM = 0.4;
/** Innovations each caller can enter in one round: more than one round's entries at any rate seen, or the lane stops early and says so. */
const INNOVATIONS_PER_CALLER = intOf('BENCH_NOMINATION_INNOVATIONS', 400);
/** Tokens live 15 minutes; a run on a slow machine outlasts that, so they are signed again before a round once this old. */
const TOKEN_REFRESH_MS = 10 * 60_000;

export const WRITE_ENDPOINTS = ['enter', 'draft', 'proposal', 'submission', 'scores'] as const;
export type WriteEndpoint = (typeof WRITE_ENDPOINTS)[number];
const LABELS: Record<WriteEndpoint, string> = {
  enter: 'POST /editions/:id/entries (submitted)',
  draft: 'POST /editions/:id/entries (draft)',
  proposal: 'PUT /entries/:id/proposal',
  submission: 'POST /entries/:id/submission',
  scores: 'PUT /entries/:id/scores',
};

/** A proposal of realistic length: a summary and a few sentences for every criterion, as agencies write them. */
const SUMMARY = 'Kader posyandu mencatat pengukuran balita lewat aplikasi; puskesmas dan dinas melihat peta balita berisiko per desa dan menugaskan intervensi gizi tepat sasaran.';
const SECTIONS = KIPP_2023_CRITERIA.map((c) => ({
  criterion: c.code,
  text:
    `${c.name}: data balita berisiko stunting tersebar di buku posyandu dan laporan puskesmas, sehingga intervensi sering terlambat. ` +
    'Aplikasi ini menyatukan pengukuran harian kader, menandai balita berisiko, dan mengirim tugas kunjungan ke bidan desa. ' +
    'Dalam dua tahun prevalensi stunting turun dari 17,0% menjadi 14,6% menurut data pengukuran daerah, dan dua kabupaten tetangga telah mereplikasinya.',
}));
const sheet = (seed: number) => KIPP_2023_CRITERIA.map((c, i) => ({ criterion: c.code, value: 60 + ((seed * 7 + i * 5) % 40) }));

/** Dates around today: the submission window ends tomorrow (the deadline burst), scoring comes after. */
function burstSchedule(today: string): PhaseWindow[] {
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  return [
    { phase: 'submission', startsOn: day(-30), endsOn: day(1) },
    { phase: 'administrative-check', startsOn: day(2), endsOn: day(4) },
    { phase: 'scoring', startsOn: day(5), endsOn: day(12) },
    { phase: 'decision', startsOn: day(13), endsOn: day(16) },
    { phase: 'award', startsOn: day(20), endsOn: day(20) },
  ];
}

interface Innovation {
  id: string;
  agencyId: string;
}

/** An entry a caller made, and the place of its innovation in the caller's lane (whose agency's token acts on it). */
interface Made {
  id: string;
  index: number;
}

/**
 * The innovations the callers enter, straight into the nomination's own innovation view: the
 * service fills it from registry events, and sending thousands of them through the inbox would
 * measure the event handler, not the writes. Each innovation is of an agency of its own, so the
 * per-agency limit of one (the KIPP rule) never refuses an entry and every write does the full work.
 */
async function seedInnovations(db: pg.Client): Promise<Innovation[][]> {
  const lanes: Innovation[][] = [];
  const snapshots = [];
  for (let lane = 0; lane < CONNECTIONS; lane++) {
    lanes.push([]);
    for (let i = 0; i < INNOVATIONS_PER_CALLER; i++) {
      const n = lane * INNOVATIONS_PER_CALLER + i + 1;
      const snapshot = innovationSnapshot({
        name: `SI CENTING ${n}: Sistem Informasi Cegah Stunting`,
        regionCode: KUDUS,
        provinceCode: '33',
        agencyName: `Dinas ${n} Kabupaten Kudus`,
        governmentAffair: 'kesehatan',
        trialStartedOn: '2019-06-01',
        implementedOn: '2020-01-15',
        problem: 'Data balita berisiko stunting tersebar di buku posyandu dan laporan puskesmas.',
        design: 'Kader posyandu mencatat pengukuran balita lewat aplikasi.',
        goals: 'Menurunkan prevalensi stunting melalui deteksi dini.',
        benefits: 'Intervensi terarah ke keluarga yang membutuhkan.',
        results: 'Prevalensi stunting turun dari 17,0% menjadi 14,6%.',
        yearRegistered: 2020,
        registeredAt: '2020-01-15T00:00:00.000Z',
        updatedAt: '2020-01-15T00:00:00.000Z',
      });
      snapshots.push(snapshot);
      lanes[lane].push({ id: snapshot.id, agencyId: snapshot.agencyId });
    }
  }
  await db.query(
    `INSERT INTO nomination.innovation_view (id, version, region_code, province_code, agency_id, name, stage, year_registered, retired_at, snapshot)
     SELECT (s->>'id')::uuid, (s->>'version')::int, s->>'regionCode', s->>'provinceCode', (s->>'agencyId')::uuid, s->>'name', s->>'stage', (s->>'yearRegistered')::int, NULL, s
       FROM jsonb_array_elements($1::jsonb) AS s`,
    [JSON.stringify(snapshots)],
  );
  await db.query('ANALYZE nomination.innovation_view');
  return lanes;
}

export interface NominationWrites {
  /** Enters innovations, submitted straight away, into an edition of its own for `durationS`. */
  enter(durationS: number): Promise<Pick<Record<WriteEndpoint, Measurement>, 'enter'>>;
  /** Saves drafts for `durationS`, then takes every draft through its proposal, its submission and a juror's scores, a step at a time. */
  chain(durationS: number): Promise<Omit<Record<WriteEndpoint, Measurement>, 'enter'>>;
}

/**
 * Each write endpoint alone, CONNECTIONS callers (agency staff, then jurors) at once. All callers
 * write into one edition, as a regency's OPDs do at its deadline: entering and submitting lock the
 * edition row, and that contention is part of what the burst costs. Every round opens new editions,
 * so the same innovations are entered again and the rounds do the same work.
 */
function nominationWrites(base: string, db: pg.Client, innovations: Innovation[][], log: (line: string) => void, settled: () => Promise<void>, servicePids: number[]): NominationWrites {
  const admin = () => benchToken({ sub: 'bench-bagor-kudus', role: 'region-admin', region: KUDUS });
  let staff: string[][] = [];
  let signedAt = -Infinity;
  const freshTokens = () => {
    if (performance.now() - signedAt < TOKEN_REFRESH_MS) return;
    staff = innovations.map((lane, l) => lane.map((inn, i) => benchToken({ sub: `bench-staff-${l}-${i}`, role: 'agency-staff', region: KUDUS, agency: inn.agencyId })));
    signedAt = performance.now();
  };
  let editions = 0;
  const openEdition = async (token: string): Promise<string> => {
    const today = wibDate(new Date());
    const edition = await call(`${base}/editions`, token, 'POST', {
      level: 'regency',
      ownerRegionCode: KUDUS,
      year: Number(today.slice(0, 4)),
      name: `KIPP Kabupaten Kudus, bench ${++editions}`,
      schedule: burstSchedule(today),
      criteriaPreset: 'kipp-2023',
      eligibility: { minAgeYears: 1, entriesPerAgency: 1 },
      winnerCount: 3,
      autoAdvance: false,
    });
    await call(`${base}/editions/${edition.id}/phase`, token, 'POST', { phase: 'submission' });
    return edition.id as string;
  };

  /** One endpoint's phase: every lane's calls over the phase's own time. */
  const phase = async (endpoint: WriteEndpoint, work: (lane: number, timed: Timed) => Promise<void>) => {
    await settled();
    return timedPhase(innovations.length, `(w) ${LABELS[endpoint]}`, log, work, servicePids);
  };

  /** Enters the lane's innovations one after another until the deadline; returns the entries made, each with its innovation's place in the lane. */
  const enterUntil = async (editionId: string, lane: number, deadline: number, draft: boolean, timed: Timed): Promise<Made[]> => {
    const made: Made[] = [];
    const pool = innovations[lane];
    let i = 0;
    for (; i < pool.length && performance.now() < deadline; i++) {
      const body = draft ? { innovationId: pool[i].id, draft: true, proposal: { summary: SUMMARY } } : { innovationId: pool[i].id, proposal: { summary: SUMMARY, sections: SECTIONS } };
      let id: string | undefined;
      if (await timed(async () => (id = (await call(`${base}/editions/${editionId}/entries`, staff[lane][i], 'POST', body)).id))) made.push({ id: id!, index: i });
    }
    if (i === pool.length) log(`(w) caller ${lane + 1} entered all its ${pool.length} innovations before the time was up; raise BENCH_NOMINATION_INNOVATIONS`);
    return made;
  };

  return {
    async enter(durationS) {
      freshTokens();
      const editionId = await openEdition(admin());
      const deadline = performance.now() + durationS * 1000;
      const enter = await phase('enter', async (lane, timed) => {
        await enterUntil(editionId, lane, deadline, false, timed);
      });
      return { enter };
    },

    async chain(durationS) {
      freshTokens();
      const token = admin();
      const editionId = await openEdition(token);
      const drafts: Made[][] = innovations.map(() => []);
      const deadline = performance.now() + durationS * 1000;
      const result = {} as Omit<Record<WriteEndpoint, Measurement>, 'enter'>;
      result.draft = await phase('draft', async (lane, timed) => {
        drafts[lane] = await enterUntil(editionId, lane, deadline, true, timed);
      });
      // The agency that saved a draft writes its proposal and submits it: the staff token of the entry's innovation.
      result.proposal = await phase('proposal', async (lane, timed) => {
        for (const { id, index } of drafts[lane]) await timed(() => call(`${base}/entries/${id}/proposal`, staff[lane][index], 'PUT', { sections: SECTIONS }));
      });
      result.submission = await phase('submission', async (lane, timed) => {
        for (const { id, index } of drafts[lane]) await timed(() => call(`${base}/entries/${id}/submission`, staff[lane][index], 'POST', {}));
      });
      // The administrative check is no endpoint of the burst: the entries are admitted by SQL, so
      // that the round's time goes to what is measured. Scoring only asks that they be admitted.
      await db.query(`UPDATE nomination.entry SET state = 'admitted', version = version + 1, updated_at = now() WHERE edition_id = $1 AND state = 'submitted'`, [editionId]);
      await call(`${base}/editions/${editionId}/phase`, token, 'POST', { phase: 'scoring' });
      const jurors = innovations.map((_, lane) => `bench-juror-${lane + 1}`);
      for (const jurorId of jurors) await call(`${base}/editions/${editionId}/jurors`, token, 'POST', { jurorId, name: `Juri ${jurorId}`, affiliation: 'Universitas Muria Kudus' });
      const jurorTokens = jurors.map((sub) => benchToken({ sub, role: 'juror', editions: [editionId] }));
      // Each juror scores the entries of its own lane, so no two callers wait on the same entry's lock.
      result.scores = await phase('scores', async (lane, timed) => {
        for (const { id, index } of drafts[lane]) await timed(() => call(`${base}/entries/${id}/scores`, jurorTokens[lane], 'PUT', { scores: sheet(lane + index) }));
      });
      return result;
    },
  };
}

/**
 * Runs (w) on its own instance of the service, deployed as in production: a process of its own (the
 * callers' CPU is not the service's, as in the replication bench) with the relay and worker on, as
 * ROLE=all runs them beside the writes. Returns one comparison per endpoint.
 */
export async function measureNominationWrites(scratch: BenchScratch, db: pg.Client, log: (line: string) => void): Promise<Comparison[]> {
  let server: ChildServers<ServiceServerReady> | undefined;
  try {
    log(`(w) seeding ${CONNECTIONS} × ${INNOVATIONS_PER_CALLER} innovations, each of an agency of its own, and starting the service with its relay and worker`);
    const innovations = await seedInnovations(db);
    // At least 4: the relay and the worker hold connections of their own beside the requests'.
    server = await startServiceServer('nomination', scratch.serviceEnv({ DATABASE_POOL_SIZE: String(Math.max(CONNECTIONS, 4)) }));
    const base = server.ready.url;
    const writes = nominationWrites(base, db, innovations, log, () => scratch.settled(), [server.pid]);
    const rawWrites = (d: number) => rawRowAndOutboxTransactions(scratch.databaseUrl, CONNECTIONS, d * 1000);

    log(`(w) warm-up: ${WARMUP_S} s of each`);
    await writes.enter(WARMUP_S);
    await writes.chain(WARMUP_S);
    await rawWrites(WARMUP_S);

    const pairs = Object.fromEntries(WRITE_ENDPOINTS.map((e) => [e, [] as { subject: Measurement; baseline: Measurement }[]])) as Record<WriteEndpoint, { subject: Measurement; baseline: Measurement }[]>;
    for (let round = 0; round < ROUNDS; round++) {
      log(`(w) round ${round + 1} of ${ROUNDS}: each write endpoint alone, and raw pg writes for ${DURATION_S} s`);
      // The order rotates each round, so load from elsewhere on the machine lands on every part alike.
      const order = (['enter', 'chain', 'raw'] as const).map((_, i, all) => all[(i + round) % all.length]);
      let measured: Partial<Record<WriteEndpoint, Measurement>> = {};
      let raw: Measurement | undefined;
      for (const which of order) {
        await scratch.settled();
        if (which === 'enter') measured = { ...measured, ...(await writes.enter(DURATION_S)) };
        else if (which === 'chain') measured = { ...measured, ...(await writes.chain(DURATION_S)) };
        else raw = await rawWrites(DURATION_S);
      }
      for (const e of WRITE_ENDPOINTS) pairs[e].push({ subject: measured[e]!, baseline: raw! });
      log(`(w) ops/s: ${WRITE_ENDPOINTS.map((e) => `${e} ${measured[e]!.opsPerSec.toFixed(0)} (${measured[e]!.count})`).join(', ')}; raw tx/s ${raw!.opsPerSec.toFixed(0)}`);
    }
    return WRITE_ENDPOINTS.map((e) => ({ label: `(w) ${LABELS[e]}`, ...medianRound(pairs[e]), baselineLabel: 'raw pg: row+outbox tx', aim: WRITE_AIM }));
  } finally {
    await server?.close().catch((err: Error) => log(`closing the (w) service: ${err.message}`));
  }
}

/** What the (w) table's rows measure, printed under it. */
export const WRITES_NOTE = [
  `(w) each write endpoint alone, ${CONNECTIONS} callers at once into one regency edition (each entry an agency's own, as a deadline`,
  "    burst brings them): entering submitted straight away (window, eligibility and the per-agency limit checked) in an edition",
  "    of its own; then in another, drafts saved for the round's time, and every draft taken through its proposal (every",
  "    criterion's text), its submission, and (admitted by SQL, the edition moved to scoring) one juror's scores, a step at a",
  "    time; each step's ops/s is its calls over its own time. One service instance with its relay and worker, in a process",
  '    of its own. Baseline: raw pg "row + outbox row" transactions per second over a pool of the same size, in the same round.',
  `    Aim (issue 20): every write endpoint >= ${(WRITE_AIM * 100).toFixed(0)}% of it.`,
  'CPU per call (from /proc, the median round\'s): the service process, every PostgreSQL process, and this process (the callers,',
  "    or the raw client). Every phase starts once the earlier phases' events are sent and consumed.",
].join('\n');
