import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { EntryCategory, FieldCheckDto, PresentationScoreDto, RankingRow, RankingView, ScoreSheetDto } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { entityOf, FieldValidationException, queryPrepared, selectListOf, tableOf, type CommandContext, type Principal } from '@lumbung/platform';
import { NominationClock } from '../clock/nomination-clock.js';
import { canRunEdition, isOfTheJury, judgingRefusal, jurorClaims } from '../editions/edition-access.js';
import { EditionJuror } from '../editions/edition-juror.entity.js';
import { windowProblem } from '../editions/edition-rules.js';
import type { Edition } from '../editions/edition.entity.js';
import { EditionsService } from '../editions/editions.service.js';
import { EntriesService } from '../entries/entries.service.js';
import { transition } from '../entries/entry-state-machine.js';
import { entrySummary } from '../entries/entry-views.js';
import { Entry } from '../entries/entry.entity.js';
import { heaviestCriterion, rankEntries, rankFinalists, rankSheets, type CriterionScore, type FinalRankedEntry, type RankedEntry, type Sheet } from './ranking.js';
import { FieldCheck, PresentationScore, Score } from './score.entity.js';

/** States whose entries are in the proposal ranking: admitted and everything after, save a disqualification. */
const RANKED_STATES = ['admitted', 'scored', 'finalist', 'winner', 'not-selected'] as const;

interface Statements {
  readForSheet: string;
  /** The `sheet` CTE of save's statement, each value a placeholder. */
  storeSheet: (p: Record<'entryId' | 'jurorId' | 'editionId' | 'sheet' | 'at', string>) => string;
  readJuror: string;
}

export interface FinalRanking {
  rows: FinalRankedEntry[];
  entries: Map<string, Entry>;
  proposal: Map<string, RankedEntry>;
}

@Injectable()
export class ScoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly clock: NominationClock,
    private readonly editions: EditionsService,
    private readonly entries: EntriesService,
  ) {}

  private sql?: Statements;

  /** A juror's hot statements, built once from the entities (their texts never change). */
  private get statements(): Statements {
    if (!this.sql) {
      const scores = tableOf(this.dataSource, Score);
      this.sql = {
        // The juror's assignment and every score of the entry, read with the entry: as of the
        // version the sheet is saved at, since every sheet bumps the entry's version.
        readForSheet: this.entries.entryReadWith(
          `${selectListOf(this.dataSource, EditionJuror, 'ju')},
           (SELECT json_agg(json_build_object('jurorId', s.juror_id, 'criterion', s.criterion, 'value', s.value)) FROM ${scores} s WHERE s.entry_id = en.id) AS scores`,
          `LEFT JOIN ${tableOf(this.dataSource, EditionJuror)} ju ON ju.edition_id = en.edition_id AND ju.juror_id = $2`,
        ),
        storeSheet: (p) => `sheet AS (
           INSERT INTO ${scores} (entry_id, juror_id, criterion, edition_id, value, comment, scored_at)
           SELECT ${p.entryId}::uuid, ${p.jurorId}::text, s.criterion, ${p.editionId}::uuid, s.value, s.comment, ${p.at}::timestamptz
             FROM jsonb_to_recordset(${p.sheet}::jsonb) AS s(criterion text, value numeric, comment text)
            WHERE EXISTS (SELECT 1 FROM changed)
           ON CONFLICT (entry_id, juror_id, criterion) DO UPDATE SET edition_id = EXCLUDED.edition_id, value = EXCLUDED.value, comment = EXCLUDED.comment, scored_at = EXCLUDED.scored_at
         )`,
        readJuror: `SELECT ${selectListOf(this.dataSource, EditionJuror)} FROM ${tableOf(this.dataSource, EditionJuror)} WHERE edition_id = $1 AND juror_id = $2`,
      };
    }
    return this.sql;
  }

  /**
   * A juror's proposal scores for one entry, per criterion, during the scoring phase only. The
   * entry's score is recomputed from all its sheets, this one included, and saved with the sheet
   * in one statement, so what readers see is always the ranking of what is committed. Without a
   * lock (EntriesService.changeUnlocked): the entry, the juror and every score are read in one
   * statement, and the sheet is stored only if the entry is still at the version read. Another
   * juror's sheet saved meanwhile bumped it, so this one starts again from a fresh read.
   */
  async scoreProposal(ctx: CommandContext, entryId: string, dto: ScoreSheetDto): Promise<{ entry: Entry; edition: Edition }> {
    const read = { statement: this.statements.readForSheet, parameters: [ctx.actor.sub] };
    return this.entries.changeUnlocked(entryId, async ({ entry, edition }, manager, row) => {
      this.assertJudges(ctx.actor, edition, entry, entityOf(EditionJuror, row, 'ju'));
      const window = windowProblem(edition, 'scoring', this.clock.today());
      if (window) throw new ConflictException(window);
      const scored = transition('score', entry);
      const codes = new Set(edition.criteria.map((c) => c.code));
      const problems = dto.scores.flatMap((s, i) => {
        if (!codes.has(s.criterion)) return [{ field: `scores.${i}.criterion`, messages: [`${s.criterion} is not a criterion of ${edition.name} (${[...codes].join(', ')})`] }];
        if (dto.scores.findIndex((o) => o.criterion === s.criterion) !== i) return [{ field: `scores.${i}.criterion`, messages: [`${s.criterion} is scored twice`] }];
        return [];
      });
      if (problems.length) throw new FieldValidationException(problems);

      const sheet = dto.scores.map((s) => ({ criterion: s.criterion, value: s.value, comment: s.comment || null }));
      const stored = (row.scores ?? []) as Omit<CriterionScore, 'entryId'>[];
      // The values are the sheet's as the column stores them: numeric(5,2) holds two decimals, all a score may have.
      const scores: CriterionScore[] = [
        ...stored.filter((s) => s.jurorId !== ctx.actor.sub || !sheet.some((mine) => mine.criterion === s.criterion)).map((s) => ({ ...s, entryId: entry.id })),
        ...sheet.map((s) => ({ entryId: entry.id, jurorId: ctx.actor.sub, criterion: s.criterion, value: s.value })),
      ];
      const [ranked] = rankEntries(edition.criteria, [{ id: entry.id, submittedAt: entry.submittedAt.toISOString() }], scores);
      entry.proposalScore = ranked.score;
      entry.proposalJurors = ranked.jurors;
      // A partial sheet is kept but leaves the entry admitted until some juror's sheet is complete.
      if (ranked.jurors > 0) entry.state = scored;
      await this.entries.save(manager, ctx, entry, () => [
        {
          type: 'nomination.scored',
          aggregateId: entry.id,
          aggregateVersion: entry.version,
          payload: { entry: entrySummary(entry, edition), round: 'proposal', jurorId: ctx.actor.sub, score: ranked.score, jurors: ranked.jurors },
        },
      ], (param) => this.statements.storeSheet({ entryId: param(entry.id), jurorId: param(ctx.actor.sub), editionId: param(edition.id), sheet: param(JSON.stringify(sheet)), at: param(this.clock.now()) }));
    }, read);
  }

  /** A juror's score of a finalist's presentation and interview, in the presentation phase. */
  async scorePresentation(ctx: CommandContext, entryId: string, dto: PresentationScoreDto): Promise<{ entry: Entry; edition: Edition }> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      await this.assertMayJudge(manager, ctx.actor, edition, entry);
      const window = windowProblem(edition, 'presentation', this.clock.today());
      if (window) throw new ConflictException(window);
      entry.state = transition('present', entry);
      await manager.upsert(PresentationScore, { entryId, jurorId: ctx.actor.sub, editionId: edition.id, value: dto.value, scoredAt: this.clock.now() }, ['entryId', 'jurorId']);
      const scores = await manager.find(PresentationScore, { where: { entryId } });
      const final = rankFinalists([{ entryId, submittedAt: '', proposal: null, heaviest: null, presentationScores: scores.map((s) => s.value) }], 0)[0];
      entry.presentationScore = final.presentationScore;
      await this.entries.save(manager, ctx, entry, () => [
        {
          type: 'nomination.scored',
          aggregateId: entry.id,
          aggregateVersion: entry.version,
          payload: { entry: entrySummary(entry, edition), round: 'presentation', jurorId: ctx.actor.sub, score: final.presentationScore, jurors: scores.length },
        },
      ]);
      return { entry, edition };
    });
  }

  /** A juror's field check of a finalist, in the field-check phase; the last one a juror records stands. */
  async recordFieldCheck(ctx: CommandContext, entryId: string, dto: FieldCheckDto): Promise<FieldCheck> {
    return this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      await this.assertMayJudge(manager, ctx.actor, edition, entry);
      const window = windowProblem(edition, 'field-check', this.clock.today());
      if (window) throw new ConflictException(window);
      entry.state = transition('field-check', entry);
      const check = manager.create(FieldCheck, { entryId, jurorId: ctx.actor.sub, editionId: edition.id, outcome: dto.outcome, note: dto.note, checkedAt: this.clock.now() });
      await manager.upsert(FieldCheck, check, ['entryId', 'jurorId']);
      await this.entries.save(manager, ctx, entry, () => [
        { type: 'nomination.field-checked', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), jurorId: ctx.actor.sub, outcome: dto.outcome } },
      ]);
      return check;
    });
  }

  /** Identity first: only an assigned juror of this edition, and never on an entry of their declared employer. */
  private async assertMayJudge(manager: EntityManager, actor: Principal, edition: Edition, entry: Entry): Promise<void> {
    // No read for a caller whose token claims no seat on the jury.
    const [row] = jurorClaims(actor, edition.id) ? await queryPrepared(manager, this.statements.readJuror, [edition.id, actor.sub]) : [];
    this.assertJudges(actor, edition, entry, row ? entityOf(EditionJuror, row) : null);
  }

  /** assertMayJudge on the juror's assignment as read (null, or all columns null: not assigned). */
  private assertJudges(actor: Principal, edition: Edition, entry: Entry, juror: EditionJuror | null): void {
    if (!jurorClaims(actor, edition.id)) throw new ForbiddenException(`${actor.sub} is not a juror of ${edition.name}`);
    if (!juror?.jurorId) throw new ForbiddenException(`${actor.sub} was not assigned to ${edition.name} by its admin`);
    const refusal = judgingRefusal(juror, entry);
    if (refusal) throw new ForbiddenException(refusal);
  }

  /**
   * Every juror's sheet of the edition, folded by the database: 5 jurors × 8 criteria × 5,000
   * entries is 200,000 score rows but only 25,000 sheets to send over the wire and parse. Same
   * integer arithmetic as sheetsOf, so the ranking is the same as from the raw scores.
   */
  async sheetsOfEdition(manager: EntityManager, edition: Edition): Promise<Sheet[]> {
    const rows: { entryId: string; jurorId: string; scored: number; total: string; heavy: number | null }[] = await manager.query(
      `SELECT s.entry_id AS "entryId", s.juror_id AS "jurorId", count(*)::int AS scored,
              sum(w.weight * round(s.value * 100))::bigint AS total,
              max(CASE WHEN s.criterion = $2 THEN round(s.value * 100) END)::int AS heavy
         FROM "nomination"."score" s JOIN jsonb_to_recordset($3::jsonb) AS w(code text, weight int) ON w.code = s.criterion
        WHERE s.edition_id = $1
        GROUP BY s.entry_id, s.juror_id`,
      [edition.id, heaviestCriterion(edition.criteria).code, JSON.stringify(edition.criteria)],
    );
    return rows.map((r) => ({ entryId: r.entryId, jurorId: r.jurorId, scored: r.scored, total: Number(r.total), heavy: r.heavy ?? 0 }));
  }

  /**
   * The proposal ranking of every admitted entry of the edition, computed from the committed
   * scores. `light` leaves the snapshots out, for reads that never save the entries back; a
   * category ranks only its own entries (a national edition's categories rank apart).
   */
  async proposalRanking(manager: EntityManager, edition: Edition, light = false, category?: EntryCategory): Promise<{ ranked: RankedEntry[]; entries: Map<string, Entry> }> {
    const entries = await manager.find(Entry, {
      where: { editionId: edition.id, state: In([...RANKED_STATES]), ...(category ? { category } : {}) },
      select: light ? { id: true, editionId: true, innovationName: true, agencyName: true, state: true, submittedAt: true, finalScore: true, panelId: true } : undefined,
    });
    const byId = new Map(entries.map((e) => [e.id, e]));
    const ranked = rankSheets(
      edition.criteria,
      entries.map((e) => ({ id: e.id, submittedAt: e.submittedAt.toISOString() })),
      await this.sheetsOfEdition(manager, edition),
      new Map(entries.map((e) => [e.id, e.panelId])),
    );
    return { ranked, entries: byId };
  }

  /**
   * The final ranking among the decision's candidates: the finalists once named (else every
   * scored entry), or after the decision the candidates it scored. Proposal and presentation
   * weighted by the edition's presentation weight.
   */
  async finalRanking(manager: EntityManager, edition: Edition, light = false, category?: EntryCategory): Promise<FinalRanking> {
    const { ranked, entries } = await this.proposalRanking(manager, edition, light, category);
    const candidates = [...entries.values()].filter((e) =>
      edition.decidedAt ? e.finalScore !== null || e.state === 'winner' : edition.finalistsNamedAt ? e.state === 'finalist' : e.state === 'scored',
    );
    const presentation: { entryId: string; value: string }[] = await manager.query(
      `SELECT entry_id AS "entryId", value FROM "nomination"."presentation_score" WHERE edition_id = $1`,
      [edition.id],
    );
    const proposal = new Map(ranked.map((r) => [r.entryId, r]));
    const rows = rankFinalists(
      candidates.map((e) => ({
        entryId: e.id,
        submittedAt: e.submittedAt.toISOString(),
        proposal: proposal.get(e.id)?.proposal ?? null,
        heaviest: proposal.get(e.id)?.heaviest ?? null,
        presentationScores: presentation.filter((p) => p.entryId === e.id).map((p) => Number(p.value)),
      })),
      edition.presentationWeight,
    );
    return { rows, entries, proposal };
  }

  async ranking(actor: Principal, editionId: string, round: 'proposal' | 'final', category?: EntryCategory): Promise<RankingView> {
    const edition = await this.editions.get(editionId);
    const manager = this.dataSource.manager;
    // The jury is whom the admin assigned, as for scoring: a token naming the edition is not enough.
    if (!canRunEdition(actor, edition) && !(await isOfTheJury(manager, actor, edition.id))) throw new ForbiddenException(`Only the jury and the admins of ${edition.name} see its ranking`);
    const row = (entry: Entry, r: { rank: number | null; score: number | null }, proposal?: RankedEntry): RankingRow => ({
      rank: r.rank,
      entryId: entry.id,
      innovationName: entry.innovationName,
      agencyName: entry.agencyName,
      state: entry.state,
      score: r.score,
      panelScore: proposal?.panelScore ?? null,
      panelId: entry.panelId ?? null,
      heaviestCriterionScore: proposal?.heaviestCriterionScore ?? null,
      jurors: proposal?.jurors ?? 0,
      partialSheets: proposal?.partialSheets ?? 0,
      submittedAt: entry.submittedAt.toISOString(),
    });
    if (round === 'proposal') {
      const { ranked, entries } = await this.proposalRanking(manager, edition, true, category);
      return { editionId, round, rows: ranked.map((r) => row(entries.get(r.entryId)!, r, r)) };
    }
    const { rows, entries, proposal } = await this.finalRanking(manager, edition, true, category);
    return { editionId, round, rows: rows.map((r) => row(entries.get(r.entryId)!, { rank: r.rank, score: r.finalScore }, proposal.get(r.entryId))) };
  }
}
