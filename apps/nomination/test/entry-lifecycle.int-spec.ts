import { randomUUID } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CATALOG, KIPP_2023_CRITERIA, PROPOSAL_SECTION_MAX_CHARS, PROPOSAL_SUMMARY_MAX_CHARS, type EventType } from '@lumbung/contracts';
import { kudusEdition, NATIONAL_2023, NominationHarness, seedScoredEdition, tokens, wib } from './nomination-test.fixtures.js';

/**
 * Entries as KIPP runs them: proposals the jurors score against, drafts, returns for correction,
 * resubmissions and withdrawals, national categories; each step on the entry's timeline and in
 * the outbox with a payload its contract accepts.
 */
describe('entry lifecycle, proposals and categories (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let editionId: string;
  const admin = tokens.kudusAdmin;
  const move = (phase: string, id = editionId, token = admin) => h.request('POST', `/editions/${id}/phase`, { token, body: { phase } });
  const post = (path: string, token: string, body: unknown = {}) => h.request('POST', path, { token, body });

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-10-01'));
    editionId = (await h.request('POST', '/editions', { token: admin, body: kudusEdition({ name: 'KIPP Kudus (lifecycle)' }) })).body.id;
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  /** The entry's events from the outbox, each checked against its contract as a consumer would. */
  async function eventsOf(entryId: string): Promise<{ type: string; payload: Record<string, unknown> }[]> {
    const rows: { type: EventType; envelope: { payload: Record<string, unknown> } }[] = await h.db.query(
      `SELECT type, envelope FROM "nomination"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY seq`,
      [entryId],
    );
    for (const r of rows) expect(validateSync(plainToInstance(EVENT_CATALOG[r.type].payload as new () => object, r.envelope.payload))).toEqual([]);
    return rows.map((r) => ({ type: r.type, payload: r.envelope.payload }));
  }

  it('keeps a draft with its proposal before the window opens, seen only by its agency, and submits it once the window is open', async () => {
    const innovation = await h.innovation({ name: 'Jos Pakk' });
    const staff = tokens.staff(innovation.agencyId);
    const created = await post(`/editions/${editionId}/entries`, staff, {
      innovationId: innovation.id,
      draft: true,
      proposal: { summary: 'Layanan kesehatan jemput bola', sections: [{ criterion: 'significance', text: 'Antrean turun 70%' }, { criterion: 'background', text: 'Antrean panjang di puskesmas' }] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'draft' });
    const id = created.body.id as string;

    // Neither the jury nor another region sees a draft; its agency and region admin do.
    const juror = tokens.juror('juri-lifecycle', [editionId]);
    await post(`/editions/${editionId}/jurors`, admin, { jurorId: 'juri-lifecycle', name: 'Juri' });
    expect((await h.request('GET', `/entries/${id}`, { token: juror })).status).toBe(404);
    expect((await h.request('GET', `/entries/${id}/timeline`, { token: tokens.demakAdmin })).status).toBe(404);
    expect((await h.request('GET', `/entries/${id}/lineage`, { token: juror })).status).toBe(404);
    expect((await h.request('GET', `/entries/${id}/lineage`, { token: staff })).body.steps.map((s: { state: string }) => s.state)).toEqual(['draft']);
    expect((await h.request('GET', `/editions/${editionId}/entries`, { token: juror })).body.map((e: { id: string }) => e.id)).not.toContain(id);
    expect((await h.request('GET', `/editions/${editionId}/entries`, { token: staff })).body.map((e: { id: string }) => e.id)).toContain(id);

    // The proposal is written section by section, in the edition's criteria order, each against a criterion of the edition.
    const edit = await h.request('PUT', `/entries/${id}/proposal`, { token: staff, body: { sections: [{ criterion: 'novelty', text: 'Pertama di Jawa Tengah' }, { criterion: 'background', text: '' }] } });
    expect(edit.status).toBe(200);
    const detail = (await h.request('GET', `/entries/${id}`, { token: staff })).body;
    expect(detail.proposal.summary).toBe('Layanan kesehatan jemput bola');
    expect(detail.proposal.sections.map((s: { criterion: string }) => s.criterion)).toEqual(KIPP_2023_CRITERIA.map((c) => c.code));
    expect(detail.proposal.sections.filter((s: { text: string }) => s.text).map((s: { criterion: string; text: string }) => [s.criterion, s.text])).toEqual([
      ['novelty', 'Pertama di Jawa Tengah'],
      ['significance', 'Antrean turun 70%'],
    ]);

    // Submitting waits for the window; then the entry is submitted with the innovation as it stands.
    expect((await post(`/entries/${id}/submission`, staff)).status).toBe(409);
    await move('submission');
    h.travelTo(wib('2022-10-13'));
    const submitted = await post(`/entries/${id}/submission`, staff, { sections: [{ criterion: 'adaptability', text: 'Mudah ditiru kecamatan lain' }] });
    expect(submitted.status).toBe(200);
    // Submitted when submitted, not when the draft was started (the ranking's tie-break counts it).
    expect(submitted.body.state).toBe('submitted');
    expect(submitted.body.submittedAt.slice(0, 10)).toBe('2022-10-13');
    expect((await h.request('GET', `/entries/${id}`, { token: juror })).status).toBe(200);
    expect((await post(`/entries/${id}/submission`, staff)).status).toBe(409);
    expect((await h.request('PUT', `/entries/${id}/proposal`, { token: staff, body: { summary: 'Diubah' } })).status).toBe(409);

    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(['nomination.drafted', 'nomination.proposal-changed', 'nomination.submitted']);
    expect(events[2].payload).toMatchObject({ snapshot: { id: innovation.id }, proposal: { summary: 'Layanan kesehatan jemput bola' } });
    const timeline = (await h.request('GET', `/entries/${id}/timeline`, { token: staff })).body;
    expect(timeline.map((s: { type: string; state: string; version: number }) => [s.version, s.type, s.state])).toEqual([
      [1, 'nomination.drafted', 'draft'],
      [2, 'nomination.proposal-changed', 'draft'],
      [3, 'nomination.submitted', 'submitted'],
    ]);
  });

  it('keeps every one of racing changes to a proposal, each once, at its own version, with its event in version order', async () => {
    // The proposal is saved without a lock (EntriesService.changeUnlocked): a change that lost the
    // race to the row is not written, and starts again from a fresh read, so none is lost.
    const innovation = await h.innovation({ name: 'Sipinter' });
    const staff = tokens.staff(innovation.agencyId);
    const id = (await post(`/editions/${editionId}/entries`, staff, { innovationId: innovation.id, draft: true, proposal: { summary: 'Ringkas' } })).body.id as string;
    const criteria = KIPP_2023_CRITERIA.slice(0, 8).map((c) => c.code);
    const changes = await Promise.all(
      criteria.map((criterion) => h.request('PUT', `/entries/${id}/proposal`, { token: staff, body: { sections: [{ criterion, text: `Bagian ${criterion}` }] } })),
    );
    expect(changes.map((c) => c.status)).toEqual(criteria.map(() => 200));
    expect(changes.map((c) => c.body.version).sort((x: number, y: number) => x - y)).toEqual(criteria.map((_, i) => i + 2));

    const detail = (await h.request('GET', `/entries/${id}`, { token: staff })).body;
    expect(detail).toMatchObject({ version: criteria.length + 1, proposal: { summary: 'Ringkas' } });
    expect(detail.proposal.sections.filter((s: { text: string }) => s.text).map((s: { criterion: string }) => s.criterion).sort()).toEqual([...criteria].sort());
    const events = await eventsOf(id);
    expect(events.map((e) => e.type)).toEqual(['nomination.drafted', ...criteria.map(() => 'nomination.proposal-changed')]);
    const rows: { version: number }[] = await h.db.query(`SELECT envelope->'aggregateVersion' AS version FROM "nomination"."outbox" WHERE envelope->>'aggregateId' = $1 ORDER BY seq`, [id]);
    expect(rows.map((r) => Number(r.version))).toEqual([1, ...criteria.map((_, i) => i + 2)]);
    const timeline = (await h.request('GET', `/entries/${id}/timeline`, { token: staff })).body;
    expect(timeline.map((s: { version: number }) => s.version)).toEqual([1, ...criteria.map((_, i) => i + 2)]);
  });

  it('names the field of a proposal section for no criterion, given twice, or over its limit, and a summary over 200 words', async () => {
    const innovation = await h.innovation();
    const enter = (proposal: unknown) => post(`/editions/${editionId}/entries`, tokens.staff(innovation.agencyId), { innovationId: innovation.id, draft: true, proposal });
    const fields = async (proposal: unknown) => {
      const res = await enter(proposal);
      expect(res.status).toBe(400);
      return (res.body.errors as { field: string }[]).map((e) => e.field);
    };
    expect(await fields({ sections: [{ criterion: 'harga', text: 'x' }] })).toEqual(['proposal.sections.0.criterion']);
    expect(await fields({ sections: [{ criterion: 'novelty', text: 'a' }, { criterion: 'novelty', text: 'b' }] })).toEqual(['proposal.sections.1.criterion']);
    expect(await fields({ sections: [{ criterion: 'novelty', text: 'x'.repeat(PROPOSAL_SECTION_MAX_CHARS + 1) }] })).toEqual(['proposal.sections.0.text']);
    expect(await fields({ summary: Array.from({ length: 201 }, () => 'kata').join(' ') })).toEqual(['proposal.summary']);

    // At its limits, the proposal still makes events every consumer accepts.
    const full = await enter({
      summary: 'y'.repeat(PROPOSAL_SUMMARY_MAX_CHARS),
      sections: KIPP_2023_CRITERIA.map((c) => ({ criterion: c.code, text: 'z'.repeat(PROPOSAL_SECTION_MAX_CHARS) })),
    });
    expect(full.status).toBe(201);
    expect((await post(`/entries/${full.body.id}/submission`, tokens.staff(innovation.agencyId))).status).toBe(200);
    expect((await eventsOf(full.body.id)).map((e) => e.type)).toEqual(['nomination.drafted', 'nomination.submitted']);
  });

  it('returns an entry for correction with a note and deadline; the agency resubmits in time; a late one can be rejected', async () => {
    const [a, b] = [await h.innovation({ name: 'Si Gesit' }), await h.innovation({ name: 'Sipadu' })];
    const entryA = (await post(`/editions/${editionId}/entries`, tokens.staff(a.agencyId), { innovationId: a.id })).body.id as string;
    const entryB = (await post(`/editions/${editionId}/entries`, tokens.staff(b.agencyId), { innovationId: b.id })).body.id as string;
    h.travelTo(wib('2022-11-14'));
    await move('administrative-check');

    // The deadline is neither in the past nor after the administrative check (16 Nov).
    const badDeadline = async (deadline: string) => (await post(`/entries/${entryA}/return`, admin, { note: 'Lampirkan SK', deadline })).body.errors?.[0]?.field;
    expect(await badDeadline('2022-11-13')).toBe('deadline');
    expect(await badDeadline('2022-11-17')).toBe('deadline');
    expect((await post(`/entries/${entryA}/return`, tokens.staff(a.agencyId), { note: 'x', deadline: '2022-11-15' })).status).toBe(403);

    const returned = await post(`/entries/${entryA}/return`, admin, { note: 'Lampirkan SK penetapan inovator', deadline: '2022-11-15' });
    expect(returned.body).toMatchObject({ state: 'returned', returnNote: 'Lampirkan SK penetapan inovator', returnDeadline: '2022-11-15' });
    expect((await post(`/entries/${entryB}/return`, admin, { note: 'Data dukung belum ada', deadline: '2022-11-15' })).status).toBe(200);

    // Before its deadline a returned entry is neither admitted nor rejected; another agency cannot resubmit it.
    expect((await post(`/entries/${entryA}/admission`, admin, { decision: 'admit' })).status).toBe(409);
    expect((await post(`/entries/${entryA}/admission`, admin, { decision: 'reject', reason: 'Tidak lengkap' })).status).toBe(409);
    expect((await post(`/entries/${entryA}/resubmission`, tokens.staff(b.agencyId))).status).toBe(403);

    // A corrects its proposal while returned, and resubmits on the 15th; B lets the deadline pass.
    expect((await h.request('PUT', `/entries/${entryA}/proposal`, { token: tokens.staff(a.agencyId), body: { sections: [{ criterion: 'background', text: 'SK Bupati No. 1/2022 terlampir' }] } })).status).toBe(200);
    h.travelTo(wib('2022-11-15'));
    const resubmitted = await post(`/entries/${entryA}/resubmission`, tokens.staff(a.agencyId), { sections: [{ criterion: 'resources', text: 'Tim 5 orang' }] });
    expect(resubmitted.body).toMatchObject({ state: 'submitted' });
    h.travelTo(wib('2022-11-16'));
    expect((await post(`/entries/${entryB}/resubmission`, tokens.staff(b.agencyId))).status).toBe(409);
    expect((await h.request('PUT', `/entries/${entryB}/proposal`, { token: tokens.staff(b.agencyId), body: { summary: 'Terlambat' } })).status).toBe(409);
    expect((await post(`/entries/${entryA}/admission`, admin, { decision: 'admit' })).body.state).toBe('admitted');
    expect((await post(`/entries/${entryB}/admission`, admin, { decision: 'reject', reason: 'Tidak diperbaiki sampai batas waktu' })).body.state).toBe('rejected');

    const events = await eventsOf(entryA);
    expect(events.map((e) => e.type)).toEqual(['nomination.submitted', 'nomination.returned', 'nomination.proposal-changed', 'nomination.resubmitted', 'nomination.admitted']);
    expect(events[1].payload).toMatchObject({ note: 'Lampirkan SK penetapan inovator', deadline: '2022-11-15' });
    expect(events[3].payload).toMatchObject({ proposal: { sections: [{ criterion: 'background', text: 'SK Bupati No. 1/2022 terlampir' }, { criterion: 'resources', text: 'Tim 5 orang' }] } });
    const timeline = (await h.request('GET', `/entries/${entryA}/timeline`, { token: tokens.staff(a.agencyId) })).body;
    expect(timeline.map((s: { state: string }) => s.state)).toEqual(['submitted', 'returned', 'returned', 'submitted', 'admitted']);
    expect(timeline[1]).toMatchObject({ type: 'nomination.returned', actor: 'bagor-kudus', actorRole: 'region-admin', note: 'Lampirkan SK penetapan inovator', deadline: '2022-11-15' });
  });

  it('lets the agency withdraw before the decision: out of the ranking and the decision, and never after it', async () => {
    const edition = (await h.request('POST', '/editions', { token: admin, body: kudusEdition({ name: 'KIPP Kudus (withdrawal)', finalistCount: undefined }) })).body.id as string;
    h.travelTo(wib('2022-10-20'));
    await move('submission', edition);
    const ids: { id: string; agencyId: string }[] = [];
    for (const name of ['Satu', 'Dua', 'Tiga']) {
      const innovation = await h.innovation({ name });
      ids.push({ id: (await post(`/editions/${edition}/entries`, admin, { innovationId: innovation.id })).body.id, agencyId: innovation.agencyId });
    }
    for (const e of ids) await post(`/entries/${e.id}/admission`, admin, { decision: 'admit' });
    await move('scoring', edition);
    await post(`/editions/${edition}/jurors`, admin, { jurorId: 'juri-w', name: 'Juri' });
    for (const [k, e] of ids.entries()) {
      const res = await h.request('PUT', `/entries/${e.id}/scores`, { token: tokens.juror('juri-w', [edition]), body: { scores: KIPP_2023_CRITERIA.map((c) => ({ criterion: c.code, value: 90 - k })) } });
      expect(res.status).toBe(200);
    }
    // The first-ranked withdraws: the ranking goes on without it.
    expect((await post(`/entries/${ids[0].id}/withdrawal`, tokens.staff(ids[1].agencyId))).status).toBe(403);
    const withdrawn = await post(`/entries/${ids[0].id}/withdrawal`, tokens.staff(ids[0].agencyId), { reason: 'Diikutkan ke kategori replikasi' });
    expect(withdrawn.body).toMatchObject({ state: 'withdrawn', withdrawalReason: 'Diikutkan ke kategori replikasi', withdrawnFrom: 'scored' });
    expect((await post(`/entries/${ids[0].id}/withdrawal`, tokens.staff(ids[0].agencyId))).status).toBe(409);
    const ranking = (await h.request('GET', `/editions/${edition}/ranking`, { token: admin })).body.rows;
    expect(ranking.map((r: { entryId: string; rank: number }) => [r.entryId, r.rank])).toEqual([
      [ids[1].id, 1],
      [ids[2].id, 2],
    ]);
    await move('decision', edition);
    const decided = (await post(`/editions/${edition}/decision`, admin, { winners: [ids[1].id] })).body;
    expect(decided.notSelectedEntryIds).toEqual([ids[2].id]);
    expect((await post(`/entries/${ids[2].id}/withdrawal`, admin)).status).toBe(409);
    const [event] = (await eventsOf(ids[0].id)).filter((e) => e.type === 'nomination.withdrawn');
    expect(event.payload).toMatchObject({ fromState: 'scored', reason: 'Diikutkan ke kategori replikasi', entry: { state: 'withdrawn' } });
    // The timeline hides the scoring steps from those outside the jury until the decision; now it is decided.
    expect((await h.request('GET', `/entries/${ids[0].id}/timeline`, { token: tokens.staff(ids[0].agencyId) })).body.map((s: { type: string }) => s.type)).toEqual([
      'nomination.submitted',
      'nomination.admitted',
      'nomination.scored',
      'nomination.withdrawn',
    ]);
  });

  it('shows a juror each proposal section beside its criterion with the juror’s own score, and hides scoring steps from the agency until the decision', async () => {
    const edition = (await h.request('POST', '/editions', { token: admin, body: kudusEdition({ name: 'KIPP Kudus (proposal)' }) })).body.id as string;
    h.travelTo(wib('2022-10-20'));
    await move('submission', edition);
    const innovation = await h.innovation({ name: 'Sipinter' });
    const staff = tokens.staff(innovation.agencyId);
    const id = (
      await post(`/editions/${edition}/entries`, staff, { innovationId: innovation.id, proposal: { summary: 'Ringkas', sections: [{ criterion: 'significance', text: 'Dampak ke 10.000 warga' }] } })
    ).body.id as string;
    await post(`/entries/${id}/admission`, admin, { decision: 'admit' });
    await move('scoring', edition);
    await post(`/editions/${edition}/jurors`, admin, { jurorId: 'juri-p', name: 'Juri' });
    const juror = tokens.juror('juri-p', [edition]);
    const scored = await h.request('PUT', `/entries/${id}/scores`, { token: juror, body: { scores: [{ criterion: 'significance', value: 88 }] } });
    expect(scored.status).toBe(200);
    const significance = scored.body.proposal.sections.find((s: { criterion: string }) => s.criterion === 'significance');
    expect(significance).toEqual({ criterion: 'significance', name: 'Signifikansi', weight: 30, text: 'Dampak ke 10.000 warga', yourScore: 88, yourComment: null, comments: [] });
    expect(scored.body.proposal.sections.find((s: { criterion: string }) => s.criterion === 'novelty')).toMatchObject({ text: '', yourScore: null });
    const asAgency = (await h.request('GET', `/entries/${id}`, { token: staff })).body;
    expect(asAgency.proposal.sections.every((s: { yourScore: number | null }) => s.yourScore === null)).toBe(true);
    expect((await h.request('GET', `/entries/${id}/timeline`, { token: staff })).body.map((s: { type: string }) => s.type)).toEqual(['nomination.submitted', 'nomination.admitted']);
    expect((await h.request('GET', `/entries/${id}/timeline`, { token: juror })).body.map((s: { type: string }) => s.type)).toEqual(['nomination.submitted', 'nomination.admitted', 'nomination.scored']);
  });

  describe('national categories', () => {
    let national: string;
    beforeAll(async () => {
      h.travelTo(wib('2023-02-01'));
      const res = await h.request('POST', '/editions', {
        token: tokens.nationalAdmin,
        body: {
          level: 'national', year: 2023, name: 'KIPP 2023 (kategori)', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false,
          categories: [{ code: 'umum', quota: 2 }, { code: 'replikasi', quota: 1 }],
        },
      });
      expect(res.status).toBe(201);
      expect(res.body.categories).toEqual([{ code: 'umum', quota: 2 }, { code: 'replikasi', quota: 1 }]);
      national = res.body.id;
      await move('submission', national, tokens.nationalAdmin);
    });

    it('refuses categories on a regency edition, and changes a national edition’s only until its window opens', async () => {
      const res = await h.request('POST', '/editions', { token: admin, body: kudusEdition({ categories: [{ code: 'umum' }] }) });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['categories']);
      const regency = (await h.request('POST', '/editions', { token: admin, body: kudusEdition({ name: 'KIPP Kudus (tanpa kategori)' }) })).body.id;
      expect((await h.request('PATCH', `/editions/${regency}/rules`, { token: admin, body: { categories: [{ code: 'umum' }] } })).body.errors[0].field).toBe('categories');
      const planned = (await h.request('POST', '/editions', { token: tokens.nationalAdmin, body: { level: 'national', year: 2024, name: 'KIPP 2024', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false } })).body.id;
      const changed = await h.request('PATCH', `/editions/${planned}/rules`, { token: tokens.nationalAdmin, body: { categories: [{ code: 'umum', quota: 10 }, { code: 'khusus' }], reason: 'Juknis 2024' } });
      expect(changed.body.categories).toEqual([{ code: 'umum', quota: 10 }, { code: 'khusus', quota: 1 }]);
      expect((await h.request('PATCH', `/editions/${national}/rules`, { token: tokens.nationalAdmin, body: { categories: [{ code: 'umum' }] } })).status).toBe(409);
    });

    it('puts each entry in one of the edition’s categories, with the category’s own quota per agency and its own ranking', async () => {
      const agencyId = randomUUID();
      const enter = async (category: string | undefined, name: string) => {
        const innovation = await h.innovation({ agencyId, name, implementedOn: '2020-01-15' });
        return post(`/editions/${national}/entries`, tokens.staff(agencyId), { innovationId: innovation.id, ...(category ? { category } : {}) });
      };
      const field = async (res: Awaited<ReturnType<typeof enter>>) => [res.status, res.body.errors?.[0]?.field];
      expect(await field(await enter(undefined, 'Tanpa kategori'))).toEqual([400, 'category']);
      expect(await field(await enter('khusus', 'Khusus'))).toEqual([400, 'category']);
      const umum = [await enter('umum', 'Umum 1'), await enter('umum', 'Umum 2')];
      expect(umum.map((r) => [r.status, r.body.category])).toEqual([
        [201, 'umum'],
        [201, 'umum'],
      ]);
      const third = await enter('umum', 'Umum 3');
      expect(third.status).toBe(409);
      expect(third.body.message).toMatch(/in the umum category .* limit per agency is 2/);
      const replikasi = await enter('replikasi', 'Replikasi 1');
      expect(replikasi.status).toBe(201);
      expect((await enter('replikasi', 'Replikasi 2')).status).toBe(409);

      // Each category ranks its own entries.
      const entries = [...umum.map((r) => r.body.id as string), replikasi.body.id as string];
      for (const id of entries) await post(`/entries/${id}/admission`, tokens.nationalAdmin, { decision: 'admit' });
      await move('scoring', national, tokens.nationalAdmin);
      await post(`/editions/${national}/jurors`, tokens.nationalAdmin, { jurorId: 'tpi-1', name: 'Panelis' });
      for (const [k, id] of entries.entries()) {
        await h.request('PUT', `/entries/${id}/scores`, { token: tokens.juror('tpi-1', [national]), body: { scores: KIPP_2023_CRITERIA.map((c) => ({ criterion: c.code, value: 70 + 10 * k })) } });
      }
      const rank = async (category: string) =>
        (await h.request('GET', `/editions/${national}/ranking?category=${category}`, { token: tokens.nationalAdmin })).body.rows.map((r: { entryId: string; rank: number }) => [r.entryId, r.rank]);
      expect(await rank('umum')).toEqual([
        [entries[1], 1],
        [entries[0], 2],
      ]);
      expect(await rank('replikasi')).toEqual([[entries[2], 1]]);
      expect((await h.request('GET', `/editions/${national}/ranking?category=lain`, { token: tokens.nationalAdmin })).status).toBe(400);
      const listed = (await h.request('GET', `/editions/${national}/entries?category=replikasi`, { token: tokens.nationalAdmin })).body;
      expect(listed.map((e: { id: string }) => e.id)).toEqual([entries[2]]);
    });

    it('forwards a winner into one of the national categories, its proposal going with it as far as the criteria match', async () => {
      const regency = await seedScoredEdition(h, { count: 1, leaveIn: 'decision' });
      await post(`/editions/${regency.id}/decision`, admin);
      const [winner] = regency.entries;
      await h.db.query(`UPDATE "nomination"."entry" SET proposal = $2 WHERE id = $1`, [
        winner.id, { summary: 'Ringkas', sections: [{ criterion: 'significance', text: 'Dampak luas' }, { criterion: 'harga', text: 'Murah' }] },
      ]);
      const target = (
        await h.request('POST', '/editions', { token: tokens.nationalAdmin, body: { level: 'national', year: 2023, name: 'KIPP 2023 (terusan)', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false, categories: [{ code: 'umum' }] } })
      ).body.id;
      await move('submission', target, tokens.nationalAdmin);
      const without = await post(`/entries/${winner.id}/forward`, admin, { targetEditionId: target });
      expect([without.status, without.body.errors?.[0]?.field]).toEqual([400, 'category']);
      const forwarded = await post(`/entries/${winner.id}/forward`, admin, { targetEditionId: target, category: 'umum' });
      expect(forwarded.body).toMatchObject({ category: 'umum', state: 'submitted', sourceEntryId: winner.id });
      const detail = (await h.request('GET', `/entries/${forwarded.body.id}`, { token: tokens.nationalAdmin })).body;
      expect(detail.proposal.summary).toBe('Ringkas');
      expect(detail.proposal.sections.filter((s: { text: string }) => s.text).map((s: { criterion: string }) => s.criterion)).toEqual(['significance']);
    });
  });
});
