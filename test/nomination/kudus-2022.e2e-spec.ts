import { DataSource } from 'typeorm';
import type { Principal } from '@lumbung/platform';
import { EventCollector, expectEventually, startService, tokenFor, type RunningService } from '@lumbung/testing';
import { NominationClock } from '../../apps/nomination/src/clock/nomination-clock.js';
import { createNominationApp } from '../../apps/nomination/src/nomination.app.js';
import { createRegistryApp } from '../../apps/registry/src/registry.app.js';

/**
 * The Kudus 2022 story over HTTP, across the registry and the nomination service on one real
 * PostgreSQL and Redis: Kudus's KIPP (window 13 Oct - 13 Nov, jury 17-22 Nov, best three), its
 * winners forwarded to Central Java 2022, one going on to the national contest of 2023 and its
 * Top 99 recorded, the whole funnel visible to the province beside Demak's entries. On the way an
 * OPD drafts and then withdraws, and one entry is returned for correction and resubmitted. The
 * nomination clock replays the 2022 calendar; the phases move on their dates by the scheduler.
 */
const KUDUS = '33.19';
const DEMAK = '33.21';
const admin = { kudus: tokenFor({ sub: 'bagor-kudus', role: 'region-admin', region: KUDUS }), demak: tokenFor({ sub: 'bagor-demak', role: 'region-admin', region: DEMAK }) };
const jateng = tokenFor({ sub: 'biro-organisasi-jateng', role: 'province-admin', province: '33' });
const kemenpan = tokenFor({ sub: 'kemenpanrb', role: 'national-admin' });
const staff = (region: string, agency: string) => tokenFor({ sub: `staff-${agency.slice(0, 8)}`, role: 'agency-staff', region, agency });
const juror = (sub: string, editions: string[]) => tokenFor({ sub, role: 'juror', editions } as Principal);
const wib = (day: string) => new Date(`${day}T09:00:00+07:00`);

const KUDUS_OPD = [
  'Dinas Kesehatan', 'RSUD dr. Loekmono Hadi', 'Dinas Pendidikan, Kepemudaan dan Olahraga', 'Dinas Kependudukan dan Pencatatan Sipil',
  'DPMPTSP', 'Dinas Sosial P3AP2KB', 'Dinas Perdagangan', 'Dinas Pertanian dan Pangan', 'Dinas Perhubungan', 'Dinas Lingkungan Hidup',
  'Dinas Arsip dan Perpustakaan', 'Dinas Komunikasi dan Informatika', 'Dinas PUPR', 'Dinas Tenaga Kerja, Perindustrian, Koperasi dan UKM',
  'Bappeda', 'BPPKAD', 'Satpol PP', 'Kecamatan Kota', 'Kecamatan Jati', 'Kecamatan Bae', 'Kecamatan Gebog',
];

describe('Kudus KIPP 2022 to the national Top 99 (registry + nomination, real PostgreSQL and Redis)', () => {
  let registry: RunningService;
  let nomination: RunningService;
  let audit: EventCollector;
  const clock = () => nomination.app.get(NominationClock);
  const nom = (method: string, path: string, token: string, body?: unknown) => nomination.request(method, path, { token, body });
  const phaseOf = async (id: string) => (await nom('GET', `/editions/${id}`, jateng)).body.phase;
  const travelAndWait = async (day: string, editionId: string, phase: string) => {
    clock().travelTo(wib(day));
    await expectEventually(async () => expect(await phaseOf(editionId)).toBe(phase));
  };

  beforeAll(async () => {
    registry = await startService(createRegistryApp);
    nomination = await startService(createNominationApp, {
      db: registry.db,
      redis: registry.redis,
      env: { PHASE_TICK_MS: '100', EVENT_SUBSCRIBERS: 'audit:competition.*,nomination.*' },
    });
    clock().travelTo(wib('2022-10-01'));
    audit = new EventCollector('audit-events', registry.redis.url, registry.redis.prefix);
  });
  afterAll(async () => {
    await audit?.close();
    await nomination?.close();
    await registry?.close();
  });

  /** Registers an agency and its innovation in the registry, as their staff would. */
  async function opdWithInnovation(region: string, agencyName: string, innovationName: string, implementedOn = '2020-08-17') {
    const agency = await registry.request('POST', '/agencies', { token: region === KUDUS ? admin.kudus : admin.demak, body: { regionCode: region, name: agencyName } });
    expect(agency.status).toBe(201);
    const innovation = await registry.request('POST', '/innovations', {
      token: staff(region, agency.body.id),
      body: {
        regionCode: region,
        agencyId: agency.body.id,
        name: innovationName,
        typeCode: 'teknologi',
        stage: 'penerapan',
        initiator: 'opd',
        digital: true,
        form: 'pelayanan-publik',
        governmentAffair: 'kesehatan',
        trialStartedOn: '2020-01-06',
        implementedOn,
        problem: 'Layanan lambat dan warga harus datang berkali-kali.',
        results: 'Waktu layanan turun dari 14 hari menjadi 3 hari.',
        yearRegistered: 2020,
      },
    });
    expect(innovation.status).toBe(201);
    return { agencyId: agency.body.id as string, innovationId: innovation.body.id as string, region };
  }

  it('runs the story end to end', async () => {
    // — The registry knows Kudus's and Demak's OPDs and their innovations; the nomination service learns them from its events.
    const kudusOpd = [];
    for (const [i, name] of KUDUS_OPD.entries()) kudusOpd.push(await opdWithInnovation(KUDUS, name, `Inovasi Kudus ${String(i + 1).padStart(2, '0')}`));
    const demakOpd = [await opdWithInnovation(DEMAK, 'Dinas Kesehatan', 'Si Gesit Demak'), await opdWithInnovation(DEMAK, 'Bapperida', 'Krenova Demak')];
    const db = nomination.app.get(DataSource);
    await expectEventually(async () => expect((await db.query(`SELECT count(*)::int AS n FROM "nomination"."innovation_view"`))[0].n).toBe(23), 30_000);

    // — The editions: Kudus and Demak 2022, Central Java 2022 (three per regency), the national contest of 2023.
    const create = async (token: string, body: Record<string, unknown>) => {
      const res = await nom('POST', '/editions', token, { criteriaPreset: 'kipp-2023', ...body });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };
    const kudusId = await create(admin.kudus, {
      level: 'regency', ownerRegionCode: KUDUS, year: 2022, name: 'KIPP Kabupaten Kudus 2022', finalistCount: 6, winnerCount: 3, presentationWeight: 30,
      eligibility: { minAgeYears: 1, entriesPerAgency: 1 },
      schedule: [
        { phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' },
        { phase: 'administrative-check', startsOn: '2022-11-14', endsOn: '2022-11-16' },
        { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' },
        { phase: 'presentation', startsOn: '2022-11-28', endsOn: '2022-12-02' },
        { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' },
        { phase: 'award', startsOn: '2022-12-29', endsOn: '2022-12-29' },
      ],
    });
    const replikasiId = await create(admin.kudus, {
      level: 'regency', ownerRegionCode: KUDUS, year: 2022, name: 'KIPP Kudus 2022 kategori replikasi', winnerCount: 1, autoAdvance: false,
      schedule: [{ phase: 'submission', startsOn: '2022-10-13', endsOn: '2022-11-13' }, { phase: 'scoring', startsOn: '2022-11-17', endsOn: '2022-11-22' }, { phase: 'decision', startsOn: '2022-12-05', endsOn: '2022-12-09' }],
    });
    const demakId = await create(admin.demak, {
      level: 'regency', ownerRegionCode: DEMAK, year: 2022, name: 'KIPP Kabupaten Demak 2022', winnerCount: 1, autoAdvance: false,
      schedule: [{ phase: 'submission', startsOn: '2022-10-03', endsOn: '2022-10-31' }, { phase: 'scoring', startsOn: '2022-11-07', endsOn: '2022-11-11' }, { phase: 'decision', startsOn: '2022-11-21', endsOn: '2022-11-25' }],
    });
    const jatengId = await create(jateng, {
      level: 'province', ownerRegionCode: '33', year: 2022, name: 'KIPP Provinsi Jawa Tengah 2022', forwardingQuota: 3, winnerCount: 2,
      schedule: [
        { phase: 'submission', startsOn: '2022-12-01', endsOn: '2023-01-15' },
        { phase: 'administrative-check', startsOn: '2023-01-16', endsOn: '2023-01-20' },
        { phase: 'scoring', startsOn: '2023-01-23', endsOn: '2023-02-03' },
        { phase: 'decision', startsOn: '2023-02-27', endsOn: '2023-03-10' },
        { phase: 'award', startsOn: '2023-03-30', endsOn: '2023-03-30' },
      ],
    });
    const nationalId = await create(kemenpan, {
      level: 'national', year: 2023, name: 'KIPP Nasional 2023', eligibility: { minAgeYears: 2 },
      schedule: [
        { phase: 'submission', startsOn: '2023-03-01', endsOn: '2023-05-15' },
        { phase: 'administrative-check', startsOn: '2023-05-16', endsOn: '2023-05-31' },
        { phase: 'scoring', startsOn: '2023-06-01', endsOn: '2023-06-20' },
        { phase: 'objection', startsOn: '2023-06-21', endsOn: '2023-06-27' },
        { phase: 'presentation', startsOn: '2023-06-28', endsOn: '2023-07-14' },
        { phase: 'decision', startsOn: '2023-07-17', endsOn: '2023-07-31' },
        { phase: 'award', startsOn: '2023-11-21', endsOn: '2023-11-21' },
      ],
    });

    // — 1 Oct, before the window: Kecamatan Gebog starts a draft of its proposal. No juror sees it, and it cannot be submitted yet.
    const gebog = staff(KUDUS, kudusOpd[20].agencyId);
    const draft = await nom('POST', `/editions/${kudusId}/entries`, gebog, {
      innovationId: kudusOpd[20].innovationId, draft: true, proposal: { summary: 'Layanan administrasi kecamatan keliling desa', sections: [{ criterion: 'significance', text: 'Warga desa terjauh tidak perlu ke kecamatan' }] },
    });
    expect(draft.body).toMatchObject({ state: 'draft' });
    expect((await nom('GET', `/entries/${draft.body.id}`, juror('juri-undip', [kudusId]))).status).toBe(404);
    expect((await nom('POST', `/entries/${draft.body.id}/submission`, gebog)).status).toBe(409);

    // — 13 Oct: the Kudus window opens on its date. Twenty OPDs enter; Demak's innovation is refused.
    await travelAndWait('2022-10-13', kudusId, 'submission');
    const entries: string[] = [];
    for (const opd of kudusOpd.slice(0, 20)) {
      const res = await nom('POST', `/editions/${kudusId}/entries`, staff(KUDUS, opd.agencyId), { innovationId: opd.innovationId });
      expect(res.status).toBe(201);
      entries.push(res.body.id);
    }
    const foreign = await nom('POST', `/editions/${kudusId}/entries`, staff(DEMAK, demakOpd[0].agencyId), { innovationId: demakOpd[0].innovationId });
    expect(foreign.status).toBe(403);
    // Gebog withdraws its draft, to enter the replication category instead: it never counts as entered.
    expect((await nom('POST', `/entries/${draft.body.id}/withdrawal`, gebog, { reason: 'Diikutkan ke kategori replikasi' })).body).toMatchObject({ state: 'withdrawn', withdrawnFrom: 'draft' });

    // — 14 Nov: the window closed on 13 Nov; the twenty-first OPD is too late.
    await travelAndWait('2022-11-14', kudusId, 'administrative-check');
    const late = await nom('POST', `/editions/${kudusId}/entries`, staff(KUDUS, kudusOpd[20].agencyId), { innovationId: kudusOpd[20].innovationId });
    expect(late.status).toBe(409);
    // The administrative check returns one for correction; its OPD corrects the proposal and resubmits before the deadline.
    const returned = await nom('POST', `/entries/${entries[18]}/return`, admin.kudus, { note: 'Lampirkan SK Kepala Dinas tentang tim inovasi', deadline: '2022-11-16' });
    expect(returned.body).toMatchObject({ state: 'returned', returnDeadline: '2022-11-16' });
    const resubmitted = await nom('POST', `/entries/${entries[18]}/resubmission`, staff(KUDUS, kudusOpd[18].agencyId), { sections: [{ criterion: 'resources', text: 'Tim inovasi 5 orang, SK Kepala Dinas No. 12/2022' }] });
    expect(resubmitted.body).toMatchObject({ state: 'submitted' });
    // The administrative check rejects one, with a reason.
    for (const id of entries.slice(0, 19)) expect((await nom('POST', `/entries/${id}/admission`, admin.kudus, { decision: 'admit' })).status).toBe(200);
    const rejected = await nom('POST', `/entries/${entries[19]}/admission`, admin.kudus, { decision: 'reject', reason: 'Tidak melampirkan SK Bupati tentang inovasi' });
    expect(rejected.body).toMatchObject({ state: 'rejected', rejectionReason: 'Tidak melampirkan SK Bupati tentang inovasi' });

    // — 17-22 Nov: three jurors (Undip, UMK, the press) are two panels: the academics score the
    // even-numbered entries, the press the odd ones. The press is the more generous panel; the
    // ranking centres each score on its panel, so the order is the entries' own.
    const jurors = ['juri-undip', 'juri-umk', 'juri-suara-merdeka'];
    for (const id of jurors) await nom('POST', `/editions/${kudusId}/jurors`, admin.kudus, { jurorId: id, name: id });
    const scored = entries.slice(0, 19);
    const panelOf = (k: number) => (k % 2 === 0 ? 0 : 1);
    const layout = await nom('PUT', `/editions/${kudusId}/panels`, admin.kudus, {
      panels: [
        { name: 'Panel Akademisi', jurorIds: jurors.slice(0, 2), entryIds: scored.filter((_, k) => panelOf(k) === 0) },
        { name: 'Panel Media', jurorIds: jurors.slice(2), entryIds: scored.filter((_, k) => panelOf(k) === 1) },
      ],
    });
    expect(layout.status).toBe(200);
    await travelAndWait('2022-11-17', kudusId, 'scoring');
    const criteria = (await nom('GET', `/editions/${kudusId}`, admin.kudus)).body.criteria as { code: string }[];
    const panelJurors = [jurors.slice(0, 2), jurors.slice(2)];
    for (const [k, id] of scored.entries()) {
      for (const [j, jurorId] of panelJurors[panelOf(k)].entries()) {
        const value = panelOf(k) === 0 ? 95 - 3 * k - j : 101 - 3 * k;
        const res = await nom('PUT', `/entries/${id}/scores`, juror(jurorId, [kudusId]), { scores: criteria.map((c) => ({ criterion: c.code, value })) });
        expect(res.status).toBe(200);
      }
    }
    // The press may not score the academics' entries.
    expect((await nom('PUT', `/entries/${scored[0]}/scores`, juror('juri-suara-merdeka', [kudusId]), { scores: criteria.map((c) => ({ criterion: c.code, value: 100 })) })).status).toBe(403);
    const ranking = (await nom('GET', `/editions/${kudusId}/ranking`, admin.kudus)).body.rows as { entryId: string; rank: number; panelScore: number }[];
    expect(ranking.slice(0, 2).map((r) => [r.entryId, r.rank, r.panelScore])).toEqual([
      [entries[0], 1, 94.5],
      [entries[1], 2, 98], // higher by its generous panel, second once centred
    ]);
    const finalists = await nom('POST', `/editions/${kudusId}/finalists`, admin.kudus, {});
    expect(finalists.body.map((f: { id: string }) => f.id)).toEqual(entries.slice(0, 6));

    // — Presentation and interview, then the decision: the top three win.
    await travelAndWait('2022-11-28', kudusId, 'presentation');
    for (const [k, id] of entries.slice(0, 6).entries()) for (const jurorId of panelJurors[panelOf(k)]) await nom('PUT', `/entries/${id}/presentation-score`, juror(jurorId, [kudusId]), { value: 85 });
    await travelAndWait('2022-12-05', kudusId, 'decision');
    const decided = await nom('POST', `/editions/${kudusId}/decision`, admin.kudus, {});
    expect(decided.body.winners.map((w: { id: string; rank: number }) => [w.id, w.rank])).toEqual([
      [entries[0], 1],
      [entries[1], 2],
      [entries[2], 3],
    ]);

    // — Kudus's replication category and Demak's own contest each name a winner (run by their admins).
    const runManual = async (editionId: string, token: string, opd: { agencyId: string; innovationId: string; region: string }[], winners: number) => {
      await nom('POST', `/editions/${editionId}/phase`, token, { phase: 'submission' });
      const ids = [];
      for (const o of opd) ids.push((await nom('POST', `/editions/${editionId}/entries`, staff(o.region, o.agencyId), { innovationId: o.innovationId })).body.id);
      for (const id of ids) await nom('POST', `/entries/${id}/admission`, token, { decision: 'admit' });
      await nom('POST', `/editions/${editionId}/phase`, token, { phase: 'scoring' });
      await nom('POST', `/editions/${editionId}/jurors`, token, { jurorId: 'juri-undip', name: 'juri-undip' });
      for (const [k, id] of ids.entries()) await nom('PUT', `/entries/${id}/scores`, juror('juri-undip', [editionId]), { scores: criteria.map((c) => ({ criterion: c.code, value: 90 - k })) });
      await nom('POST', `/editions/${editionId}/phase`, token, { phase: 'decision' });
      const res = await nom('POST', `/editions/${editionId}/decision`, token, {});
      expect(res.body.winners).toHaveLength(winners);
      return ids;
    };
    const [replikasiWinner] = await runManual(replikasiId, admin.kudus, [kudusOpd[20]], 1);
    const demakEntries = await runManual(demakId, admin.demak, demakOpd, 1);

    // — December: Central Java's window is open; Kudus forwards its three winners, a fourth is over the quota.
    await travelAndWait('2022-12-12', jatengId, 'submission');
    const provinceEntries: string[] = [];
    for (const id of entries.slice(0, 3)) {
      const res = await nom('POST', `/entries/${id}/forward`, admin.kudus, { targetEditionId: jatengId });
      expect(res.status).toBe(201);
      provinceEntries.push(res.body.id);
    }
    const overQuota = await nom('POST', `/entries/${replikasiWinner}/forward`, admin.kudus, { targetEditionId: jatengId });
    expect(overQuota.status).toBe(409);
    expect(overQuota.body.message).toMatch(/quota of 3/);
    const demakForwarded = await nom('POST', `/entries/${demakEntries[0]}/forward`, admin.demak, { targetEditionId: jatengId });
    expect(demakForwarded.status).toBe(201);

    // — The province checks, scores and decides.
    await travelAndWait('2023-01-16', jatengId, 'administrative-check');
    for (const id of [...provinceEntries, demakForwarded.body.id]) await nom('POST', `/entries/${id}/admission`, jateng, { decision: 'admit' });
    await nom('POST', `/editions/${jatengId}/jurors`, jateng, { jurorId: 'juri-unissula', name: 'Akademisi Unissula' });
    await travelAndWait('2023-01-23', jatengId, 'scoring');
    const provinceOrder = [provinceEntries[1], demakForwarded.body.id, provinceEntries[0], provinceEntries[2]];
    for (const [k, id] of provinceOrder.entries()) {
      expect((await nom('PUT', `/entries/${id}/scores`, juror('juri-unissula', [jatengId]), { scores: criteria.map((c) => ({ criterion: c.code, value: 92 - 4 * k })) })).status).toBe(200);
    }
    await travelAndWait('2023-02-27', jatengId, 'decision');
    const provinceDecision = await nom('POST', `/editions/${jatengId}/decision`, jateng, {});
    expect(provinceDecision.body.winners.map((w: { id: string }) => w.id)).toEqual([provinceEntries[1], demakForwarded.body.id]);

    // — March 2023: the national window is open; the province's winner from Kudus goes on, and reaches the Top 99.
    await travelAndWait('2023-03-13', nationalId, 'submission');
    const national = await nom('POST', `/entries/${provinceEntries[1]}/forward`, jateng, { targetEditionId: nationalId });
    expect(national.status).toBe(201);
    expect((await nom('PUT', `/entries/${national.body.id}/national-result`, kemenpan, { result: 'top-99' })).body).toMatchObject({ state: 'top-99', nationalResult: 'top-99' });

    // — The province's tracking view shows all of it for Kudus, and Demak's entries beside it.
    const tracking = (await nom('GET', '/tracking?province=33&year=2022', jateng)).body;
    const kudus = tracking.regions.find((r: { regionCode: string }) => r.regionCode === KUDUS);
    expect(kudus.counts).toEqual({ submitted: 21, admitted: 20, rejected: 1, won: 4, forwarded: 3, atProvince: 3, wonAtProvince: 1, atNational: 1, nationalResults: { 'top-99': 1 } });
    const second = kudus.entries.find((e: { regency: { entryId: string } | null }) => e.regency?.entryId === entries[1]);
    expect(second).toMatchObject({ regency: { state: 'winner', rank: 2 }, province: { state: 'winner', rank: 1 }, national: { year: 2023, state: 'top-99', nationalResult: 'top-99' }, reached: 'national:top-99' });
    const demak = tracking.regions.find((r: { regionCode: string }) => r.regionCode === DEMAK);
    expect(demak.counts).toMatchObject({ submitted: 2, won: 1, forwarded: 1, atProvince: 1, wonAtProvince: 1, atNational: 0 });
    expect(tracking.regions).toHaveLength(36);

    // The lineage of the Kudus entry, and the results as CSV.
    const lineage = (await nom('GET', `/entries/${entries[1]}/lineage`, staff(KUDUS, kudusOpd[1].agencyId))).body;
    expect(lineage.steps.map((s: { level: string; year: number; state: string; nationalResult: string | null }) => [s.level, s.year, s.state, s.nationalResult])).toEqual([
      ['regency', 2022, 'winner', null],
      ['province', 2022, 'winner', null],
      ['national', 2023, 'top-99', 'top-99'],
    ]);
    const csv = (await nom('GET', `/editions/${kudusId}/results.csv`, staff(KUDUS, kudusOpd[5].agencyId))).body as string;
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[2]).toMatch(new RegExp(`^2,winner,${entries[1]},`));
    expect(lines[2]).toContain('KIPP Provinsi Jawa Tengah 2022');

    // Every step reached an outside subscriber through the outbox.
    await expectEventually(() => {
      expect(audit.ofType('nomination.submitted').length).toBe(20 + 1 + 2 + 4 + 1);
      expect(audit.ofType('nomination.won').length).toBe(3 + 1 + 1 + 2);
      expect(audit.ofType('nomination.forwarded').length).toBe(5);
      expect(audit.ofType('nomination.national-result')).toEqual([expect.objectContaining({ aggregateId: national.body.id })]);
      expect(audit.ofType('competition.decided').length).toBe(4);
      expect(audit.ofType('competition.opened').length).toBe(5);
      expect(audit.ofType('nomination.drafted').map((e) => e.aggregateId)).toEqual([draft.body.id]);
      expect(audit.ofType('nomination.withdrawn')).toEqual([expect.objectContaining({ aggregateId: draft.body.id, payload: expect.objectContaining({ fromState: 'draft' }) })]);
      expect(audit.ofType('nomination.returned')).toEqual([expect.objectContaining({ aggregateId: entries[18], payload: expect.objectContaining({ deadline: '2022-11-16' }) })]);
      expect(audit.ofType('nomination.resubmitted').map((e) => e.aggregateId)).toEqual([entries[18]]);
    });
    // The corrected entry's timeline: each step with its event, the jury's scoring among them now that Kudus has decided.
    const timeline = (await nom('GET', `/entries/${entries[18]}/timeline`, staff(KUDUS, kudusOpd[18].agencyId))).body;
    expect(timeline.slice(0, 4).map((s: { type: string; state: string }) => [s.type, s.state])).toEqual([
      ['nomination.submitted', 'submitted'],
      ['nomination.returned', 'returned'],
      ['nomination.resubmitted', 'submitted'],
      ['nomination.admitted', 'admitted'],
    ]);
    expect(timeline.at(-1)).toMatchObject({ type: 'nomination.not-selected', state: 'not-selected' });
  }, 180_000);
});
