import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { LineageView, TrackingQuery, TrackingView } from '@lumbung/contracts';
import { canManageAgencyData, spreadsheetCsv, type Principal } from '@lumbung/platform';
import { maySeeScores } from '../editions/edition-access.js';
import type { Edition } from '../editions/edition.entity.js';
import { EditionsService } from '../editions/editions.service.js';
import { RegionNames } from '../regions/region-names.js';
import { buildTracking, type FunnelRow } from './tracking-view.js';

const ROW_COLUMNS = `t.id, t.source_entry_id AS "sourceEntryId", t.edition_id AS "editionId", ed.level, ed.year, t.innovation_id AS "innovationId",
  t.innovation_name AS "innovationName", t.agency_name AS "agencyName", t.region_code AS "regionCode", t.state, t.rank, t.national_result AS "nationalResult"`;

/** Entries that were entered: not a draft, nor a draft withdrawn before it was ever submitted. */
const entered = (alias: string) => `${alias}.state <> 'draft' AND ${alias}.withdrawn_from IS DISTINCT FROM 'draft'`;

@Injectable()
export class TrackingService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly editions: EditionsService,
    private readonly regions: RegionNames,
  ) {}

  /**
   * One recursive query: the roots are the entries of the province's regency editions of the year
   * and the province edition's own entries; the recursion follows forwarding links to whatever
   * edition (and year) they reached.
   */
  async tracking(actor: Principal, query: TrackingQuery): Promise<TrackingView> {
    let region = query.region;
    if (actor.role === 'region-admin') {
      if (region && region !== actor.region) throw new ForbiddenException(`A region admin of ${actor.region} tracks its own region only`);
      region = actor.region;
    } else if (!(actor.role === 'national-admin' || actor.role === 'service' || (actor.role === 'province-admin' && actor.province === query.province))) {
      throw new ForbiddenException(`Tracking of province ${query.province} is for its provincial staff and national admins`);
    }
    const rows: FunnelRow[] = await this.dataSource.query(
      `WITH RECURSIVE tree AS (
         SELECT en.* FROM "nomination"."entry" en JOIN "nomination"."edition" ed ON ed.id = en.edition_id
          WHERE ed.year = $2
            AND ((ed.level = 'regency' AND ed.province_code = $1) OR (ed.level = 'province' AND ed.owner_region_code = $1 AND en.source_entry_id IS NULL))
            AND ($3::text IS NULL OR en.region_code = $3)
            AND ${entered('en')}
         UNION ALL
         SELECT child.* FROM "nomination"."entry" child JOIN tree ON child.source_entry_id = tree.id
       )
       SELECT ${ROW_COLUMNS} FROM tree t JOIN "nomination"."edition" ed ON ed.id = t.edition_id`,
      [query.province, query.year, region ?? null],
    );
    const all = [...this.regions.regenciesOf(query.province), { code: query.province, name: this.regions.name(query.province) ?? query.province }];
    return buildTracking(query.province, query.year, region ? all.filter((r) => r.code === region) : all, rows);
  }

  /** The whole chain an entry belongs to: from its first entry up through every forwarding. */
  async lineage(actor: Principal, entryId: string): Promise<LineageView> {
    const rows: (FunnelRow & { editionName: string; ownerRegionCode: string | null; submittedAt: Date; depth: number; agencyId: string })[] = await this.dataSource.query(
      `WITH RECURSIVE up AS (
         SELECT id, source_entry_id FROM "nomination"."entry" WHERE id = $1
         UNION ALL
         SELECT e.id, e.source_entry_id FROM "nomination"."entry" e JOIN up ON e.id = up.source_entry_id
       ), down AS (
         SELECT e.*, 0 AS depth FROM "nomination"."entry" e JOIN up ON e.id = up.id WHERE up.source_entry_id IS NULL
         UNION ALL
         SELECT e.*, down.depth + 1 FROM "nomination"."entry" e JOIN down ON e.source_entry_id = down.id
       )
       SELECT ${ROW_COLUMNS}, ed.name AS "editionName", ed.owner_region_code AS "ownerRegionCode", t.submitted_at AS "submittedAt", t.depth, t.agency_id AS "agencyId"
         FROM down t JOIN "nomination"."edition" ed ON ed.id = t.edition_id
        ORDER BY t.depth, t.submitted_at`,
      [entryId],
    );
    // A draft is never forwarded, so it is a lineage of its own: its agency's until submitted.
    const draft = rows.length === 1 && rows[0].state === 'draft' && !canManageAgencyData(actor, rows[0].regionCode, rows[0].agencyId);
    if (rows.length === 0 || draft) throw new NotFoundException(`No entry ${entryId}`);
    return {
      innovationId: rows[0].innovationId,
      innovationName: rows[0].innovationName,
      steps: rows.map((r) => ({
        entryId: r.id,
        sourceEntryId: r.sourceEntryId,
        editionId: r.editionId,
        editionName: r.editionName,
        level: r.level,
        year: r.year,
        ownerRegionCode: r.ownerRegionCode,
        state: r.state,
        rank: r.rank,
        nationalResult: r.nationalResult,
        submittedAt: new Date(r.submittedAt).toISOString(),
      })),
    };
  }

  /** An edition's results: winners by rank, then by final and proposal score. Public once decided; before, for its admins and assigned jurors. */
  async results(actor: Principal, editionId: string): Promise<{ edition: Edition; rows: Record<string, unknown>[] }> {
    const edition = await this.editions.get(editionId);
    if (!(await maySeeScores(this.dataSource.manager, actor, edition))) {
      throw new ForbiddenException(`${edition.name} is not decided yet: its results are for its admins and jury`);
    }
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT en.rank, en.state, en.id AS entry_id, en.innovation_id, en.innovation_name, en.agency_name, en.region_code,
              en.category, en.proposal_score, en.proposal_jurors, en.presentation_score, en.final_score, en.rejection_reason, en.disqualification_reason, en.withdrawal_reason,
              (SELECT string_agg(ed2.name, '; ' ORDER BY f.submitted_at) FROM "nomination"."entry" f JOIN "nomination"."edition" ed2 ON ed2.id = f.edition_id WHERE f.source_entry_id = en.id) AS forwarded_to,
              en.national_result, en.submitted_at
         FROM "nomination"."entry" en
        WHERE en.edition_id = $1 AND ${entered('en')}
        ORDER BY en.rank NULLS LAST, en.final_score DESC NULLS LAST, en.proposal_score DESC NULLS LAST, en.submitted_at, en.id`,
      [editionId],
    );
    return { edition, rows: rows.map((r) => ({ ...r, submitted_at: new Date(r.submitted_at as string) })) };
  }

  /** An edition's results as CSV, in the columns of its first version (machines read it). */
  async resultsCsv(actor: Principal, editionId: string): Promise<{ filename: string; csv: string }> {
    const { edition, rows } = await this.results(actor, editionId);
    // Names, reasons and notes are typed by users: spreadsheetCsv keeps them from running as formulas.
    const csv = spreadsheetCsv(
      rows,
      [
        'rank', 'state', 'entry_id', 'innovation_id', 'innovation_name', 'agency_name', 'region_code', 'category', 'proposal_score', 'proposal_jurors',
        'presentation_score', 'final_score', 'rejection_reason', 'disqualification_reason', 'withdrawal_reason', 'forwarded_to', 'national_result', 'submitted_at',
      ],
    );
    const slug = edition.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    return { filename: `${slug || edition.id}-results.csv`, csv };
  }
}
