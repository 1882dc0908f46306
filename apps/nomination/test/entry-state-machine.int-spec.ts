import { ENTRY_STATES, KIPP_2023_CRITERIA, type EntryState } from '@lumbung/contracts';
import { ENTRY_ACTIONS, type EntryAction } from '../src/entries/entry-state-machine.js';
import { JATENG_2022, kudusEdition, NATIONAL_2023, NominationHarness, tokens, wib } from './nomination-test.fixtures.js';

type Who = 'admin' | 'juror' | 'entrant' | 'outsider';
const WHO: Who[] = ['admin', 'juror', 'entrant', 'outsider'];

/**
 * The entry state machine as the API answers it, written out by hand (not derived from the code it
 * checks). For each action: who may take it, the status of a success, the status of a refusal by
 * state, and the state each starting state leads to; a state not listed is refused. Anyone else gets
 * 403 whatever the state. The action's own phase is open each time: phases are the edition's rules.
 *
 * admin: the edition's admin (the national admin for national results); juror: assigned to the
 * edition; entrant: staff of the entry's agency; outsider: another regency's admin.
 */
const TABLE: Record<EntryAction, { who: Who[]; ok: number; refused: number; to: Partial<Record<EntryState, EntryState>> }> = {
  // The agency's own steps: its staff, or the admins of its region (here the edition's admin too).
  'edit-proposal': { who: ['admin', 'entrant'], ok: 200, refused: 409, to: { draft: 'draft', returned: 'returned' } },
  submit: { who: ['admin', 'entrant'], ok: 200, refused: 409, to: { draft: 'submitted' } },
  return: { who: ['admin'], ok: 200, refused: 409, to: { submitted: 'returned' } },
  // Within the return's deadline.
  resubmit: { who: ['admin', 'entrant'], ok: 200, refused: 409, to: { returned: 'submitted' } },
  withdraw: {
    who: ['admin', 'entrant'],
    ok: 200,
    refused: 409,
    to: { draft: 'withdrawn', submitted: 'withdrawn', returned: 'withdrawn', admitted: 'withdrawn', scored: 'withdrawn', finalist: 'withdrawn' },
  },
  admit: { who: ['admin'], ok: 200, refused: 409, to: { submitted: 'admitted' } },
  // A returned entry once its deadline is over (arranged so here).
  reject: { who: ['admin'], ok: 200, refused: 409, to: { submitted: 'rejected', returned: 'rejected' } },
  score: { who: ['juror'], ok: 200, refused: 409, to: { admitted: 'scored', scored: 'scored' } },
  // The request names the entry in a field, so naming a non-scored one is a 400 on that field.
  'name-finalist': { who: ['admin'], ok: 200, refused: 400, to: { scored: 'finalist' } },
  object: { who: ['admin', 'juror', 'entrant', 'outsider'], ok: 201, refused: 409, to: { finalist: 'finalist' } },
  'uphold-objection': { who: ['admin'], ok: 200, refused: 409, to: { finalist: 'disqualified', disqualified: 'disqualified' } },
  'dismiss-objection': { who: ['admin'], ok: 200, refused: 409, to: { finalist: 'finalist', disqualified: 'disqualified' } },
  present: { who: ['juror'], ok: 200, refused: 409, to: { finalist: 'finalist' } },
  'field-check': { who: ['juror'], ok: 200, refused: 409, to: { finalist: 'finalist' } },
  // The decision with this entry named the winner (finalists named, so finalists are the candidates).
  win: { who: ['admin'], ok: 200, refused: 409, to: { finalist: 'winner' } },
  // The decision naming another finalist: this entry, if still in the running, is not selected;
  // an entry awaiting its check or its correction holds the whole decision up; the others
  // (drafts never submitted, withdrawn entries included) keep their state.
  'not-select': {
    who: ['admin'],
    ok: 200,
    refused: 409,
    to: {
      admitted: 'not-selected', scored: 'not-selected', finalist: 'not-selected',
      draft: 'draft', withdrawn: 'withdrawn', rejected: 'rejected', winner: 'winner', 'not-selected': 'not-selected', disqualified: 'disqualified', 'top-99': 'top-99', 'top-45': 'top-45', terpuji: 'terpuji',
    },
  },
  forward: { who: ['admin'], ok: 201, refused: 409, to: { winner: 'winner' } },
  // Recording Top 99 on a national entry; a recorded result is only raised.
  'record-national-result': {
    who: ['admin'],
    ok: 200,
    refused: 409,
    to: { submitted: 'top-99', admitted: 'top-99', scored: 'top-99', finalist: 'top-99', winner: 'top-99', 'not-selected': 'top-99' },
  },
};

describe('the entry state machine: every state x every action x who (real PostgreSQL and Redis)', () => {
  let h: NominationHarness;
  let regency: string;
  let province: string;
  let national: string;
  let entry: { id: string; agencyId: string };
  let other: string;
  let nationalEntry: { id: string; agencyId: string };

  beforeAll(async () => {
    h = await NominationHarness.start();
    h.travelTo(wib('2022-11-01'));
    regency = (await h.request('POST', '/editions', { token: tokens.kudusAdmin, body: kudusEdition({ name: 'KIPP Kudus (table)' }) })).body.id;
    province = (
      await h.request('POST', '/editions', {
        token: tokens.jatengAdmin,
        body: { level: 'province', ownerRegionCode: '33', year: 2022, name: 'KIPP Jateng (table)', schedule: JATENG_2022, criteriaPreset: 'kipp-2023', forwardingQuota: 3, autoAdvance: false },
      })
    ).body.id;
    national = (await h.request('POST', '/editions', { token: tokens.nationalAdmin, body: { level: 'national', year: 2023, name: 'KIPP 2023 (table)', schedule: NATIONAL_2023, criteriaPreset: 'kipp-2023', autoAdvance: false } })).body.id;
    await h.request('POST', `/editions/${regency}/phase`, { token: tokens.kudusAdmin, body: { phase: 'submission' } });
    await h.request('POST', `/editions/${national}/phase`, { token: tokens.nationalAdmin, body: { phase: 'submission' } });
    const enter = async (editionId: string, name: string) => {
      const innovation = await h.innovation({ name });
      const res = await h.request('POST', `/editions/${editionId}/entries`, { token: tokens.kudusAdmin, body: { innovationId: innovation.id } });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      return { id: res.body.id as string, agencyId: innovation.agencyId };
    };
    entry = await enter(regency, 'Jos Pakk');
    other = (await enter(regency, 'Inovasi lain')).id;
    nationalEntry = await enter(national, 'Jos Pakk Nasional');
    for (const editionId of [regency, national]) {
      const token = editionId === regency ? tokens.kudusAdmin : tokens.nationalAdmin;
      await h.request('POST', `/editions/${editionId}/jurors`, { token, body: { jurorId: 'juror-table', name: 'Juri' } });
    }
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const tokenOf = (who: Who, nationalEdition: boolean, agencyId: string) =>
    ({
      admin: nationalEdition ? tokens.nationalAdmin : tokens.kudusAdmin,
      juror: tokens.juror('juror-table', [regency, national]),
      entrant: tokens.staff(agencyId),
      outsider: tokens.demakAdmin,
    })[who];

  /** Puts the entry in `state` and its edition in the action's phase, as if it had got there. */
  async function arrange(action: EntryAction, state: EntryState): Promise<{ entryId: string; call: (token: string) => ReturnType<NominationHarness['request']> }> {
    const db = h.db;
    const nationalResult = ['top-99', 'top-45', 'terpuji'].includes(state) ? state : null;
    const target = action === 'record-national-result' ? nationalEntry.id : entry.id;
    await db.query(`DELETE FROM "nomination"."objection"`);
    await db.query(`DELETE FROM "nomination"."entry" WHERE edition_id = $1`, [province]);
    // A return's deadline still open for a resubmission, over for a rejection.
    const deadline = action === 'resubmit' ? '2022-11-10' : action === 'reject' ? '2022-10-31' : null;
    await db.query(`UPDATE "nomination"."entry" SET state = $2, national_result = $3, rank = NULL, disqualification_reason = NULL, return_deadline = $4 WHERE id = $1`, [
      target, state, nationalResult, deadline,
    ]);
    await db.query(`UPDATE "nomination"."entry" SET state = $2 WHERE id = $1`, [other, action === 'not-select' ? 'finalist' : 'rejected']);
    const phase: Record<EntryAction, string> = {
      'edit-proposal': 'submission', submit: 'submission', return: 'administrative-check', resubmit: 'administrative-check', withdraw: 'scoring',
      admit: 'administrative-check', reject: 'administrative-check', score: 'scoring', 'name-finalist': 'scoring', object: 'objection',
      'uphold-objection': 'objection', 'dismiss-objection': 'objection', present: 'presentation', 'field-check': 'field-check', win: 'decision', 'not-select': 'decision',
      forward: 'decision', 'record-national-result': 'scoring',
    };
    const namedFinalists = action === 'win' || action === 'not-select';
    await db.query(`UPDATE "nomination"."edition" SET phase = $2, decided_at = NULL, finalists_named_at = CASE WHEN $3 THEN now() END WHERE id = $1`, [
      action === 'record-national-result' ? national : regency, phase[action], namedFinalists,
    ]);
    await db.query(`UPDATE "nomination"."edition" SET phase = 'submission' WHERE id = $1`, [province]);
    const req = (method: string, path: string, body: unknown) => (token: string) => h.request(method, path, { token, body });
    const sheet = { scores: KIPP_2023_CRITERIA.map((c) => ({ criterion: c.code, value: 80 })) };
    let objectionId = '';
    if (action === 'uphold-objection' || action === 'dismiss-objection') {
      [{ id: objectionId }] = await db.query(
        `INSERT INTO "nomination"."objection" (edition_id, entry_id, reason, filed_by, filed_at) VALUES ($1, $2, 'Tidak berjalan', 'warga', now()) RETURNING id`,
        [regency, entry.id],
      );
    }
    const calls: Record<EntryAction, (token: string) => ReturnType<NominationHarness['request']>> = {
      'edit-proposal': req('PUT', `/entries/${entry.id}/proposal`, { summary: 'Ringkasan', sections: [{ criterion: 'novelty', text: 'Pertama di Jawa Tengah' }] }),
      submit: req('POST', `/entries/${entry.id}/submission`, {}),
      return: req('POST', `/entries/${entry.id}/return`, { note: 'Lampirkan SK inovator', deadline: '2022-11-10' }),
      resubmit: req('POST', `/entries/${entry.id}/resubmission`, { sections: [{ criterion: 'background', text: 'SK terlampir' }] }),
      withdraw: req('POST', `/entries/${entry.id}/withdrawal`, { reason: 'Diikutkan lomba lain' }),
      admit: req('POST', `/entries/${entry.id}/admission`, { decision: 'admit' }),
      reject: req('POST', `/entries/${entry.id}/admission`, { decision: 'reject', reason: 'Berkas tidak lengkap' }),
      score: req('PUT', `/entries/${entry.id}/scores`, sheet),
      'name-finalist': req('POST', `/editions/${regency}/finalists`, { entryIds: [entry.id] }),
      object: req('POST', `/entries/${entry.id}/objections`, { reason: 'Layanan tidak berjalan' }),
      'uphold-objection': req('POST', `/objections/${objectionId}/resolution`, { outcome: 'upheld', note: 'Terbukti' }),
      'dismiss-objection': req('POST', `/objections/${objectionId}/resolution`, { outcome: 'dismissed', note: 'Tidak terbukti' }),
      present: req('PUT', `/entries/${entry.id}/presentation-score`, { value: 85 }),
      'field-check': req('PUT', `/entries/${entry.id}/field-check`, { outcome: 'confirmed', note: 'Layanan berjalan' }),
      win: req('POST', `/editions/${regency}/decision`, { winners: [entry.id] }),
      'not-select': req('POST', `/editions/${regency}/decision`, { winners: [other] }),
      forward: req('POST', `/entries/${entry.id}/forward`, { targetEditionId: province }),
      'record-national-result': req('PUT', `/entries/${nationalEntry.id}/national-result`, { result: 'top-99' }),
    };
    return { entryId: target, call: calls[action] };
  }

  it('covers every action of the state machine and every entry state', () => {
    expect(Object.keys(TABLE).sort()).toEqual([...ENTRY_ACTIONS].sort());
  });

  it.each(ENTRY_ACTIONS)('%s: the status and resulting state for every state and caller', async (action) => {
    const rule = TABLE[action];
    const got: string[] = [];
    const want: string[] = [];
    for (const state of ENTRY_STATES) {
      for (const who of WHO) {
        const { entryId, call } = await arrange(action, state);
        const agencyId = action === 'record-national-result' ? nationalEntry.agencyId : entry.agencyId;
        const res = await call(tokenOf(who, action === 'record-national-result', agencyId));
        const [{ state: after }] = await h.db.query(`SELECT state FROM "nomination"."entry" WHERE id = $1`, [entryId]);
        got.push(`${state} by ${who}: ${res.status} ${after}`);
        const to = rule.to[state];
        const status = !rule.who.includes(who) ? 403 : to ? rule.ok : rule.refused;
        want.push(`${state} by ${who}: ${status} ${status === rule.ok ? to : state}`);
      }
    }
    expect(got).toEqual(want);
  });
});
