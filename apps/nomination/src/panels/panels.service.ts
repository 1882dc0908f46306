import { ConflictException, ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import type { PanelLayoutDto, PanelsView } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { FieldValidationException, invalidField, type CommandContext, type Principal } from '@lumbung/platform';
import { assertCanRun, canRunEdition, isOfTheJury } from '../editions/edition-access.js';
import { EditionJuror } from '../editions/edition-juror.entity.js';
import type { Edition } from '../editions/edition.entity.js';
import { EditionsService } from '../editions/editions.service.js';
import { Entry } from '../entries/entry.entity.js';
import { EditionPanel } from './edition-panel.entity.js';
import { PANEL_STATES, planPanels } from './panel-rules.js';

@Injectable()
export class PanelsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly editions: EditionsService,
  ) {}

  /** The panels with their jurors and entries, for the edition's admins and its jury. */
  async view(actor: Principal, editionId: string): Promise<PanelsView> {
    const manager = this.dataSource.manager;
    const edition = await this.editions.get(editionId, manager);
    if (!canRunEdition(actor, edition) && !(await isOfTheJury(manager, actor, edition.id))) throw new ForbiddenException(`Only the jury and the admins of ${edition.name} see its panels`);
    return this.layout(manager, edition);
  }

  /**
   * Replaces the edition's panel layout in one go (see planPanels for the rules). Panels listed
   * with their id keep it; panels not listed are dissolved. Emits competition.panels-changed.
   */
  async replace(ctx: CommandContext, editionId: string, dto: PanelLayoutDto): Promise<PanelsView> {
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.editions.lock(manager, editionId);
      assertCanRun(ctx.actor, edition);
      if (edition.decidedAt || edition.phase === 'closed') throw new ConflictException(`${edition.name} is decided; its panels are final`);
      const existing = await manager.find(EditionPanel, { where: { editionId } });
      dto.panels.forEach((p, i) => {
        if (p.id && !existing.some((e) => e.id === p.id)) throw invalidField(`panels.${i}.id`, `${p.id} is not a panel of ${edition.name}`);
      });
      const jurors = await manager.find(EditionJuror, { where: { editionId } });
      const listed = dto.panels.flatMap((p) => p.entryIds);
      const entries = listed.length
        ? await manager.find(Entry, { where: { editionId, id: In(listed) }, select: { id: true, state: true, agencyId: true, agencyName: true, regionCode: true } })
        : [];
      const scores: { entryId: string; jurors: string[] }[] = await manager.query(
        `SELECT entry_id AS "entryId", array_agg(DISTINCT juror_id) AS jurors FROM "nomination"."score" WHERE edition_id = $1 GROUP BY entry_id`,
        [editionId],
      );
      const plan = planPanels(dto, jurors, new Map(entries.map((e) => [e.id, e])), new Map(scores.map((s) => [s.entryId, s.jurors])));
      if (plan.problems.length) throw new FieldValidationException(plan.problems);
      if (plan.conflict) throw new ConflictException(plan.conflict);

      // Renames may swap names between panels: free every name first, then set the new ones.
      const kept = dto.panels.filter((p) => p.id).map((p) => p.id!);
      const dissolved = existing.filter((e) => !kept.includes(e.id)).map((e) => e.id);
      if (dissolved.length) await manager.delete(EditionPanel, { id: In(dissolved) });
      if (kept.length) await manager.query(`UPDATE "nomination"."edition_panel" SET name = id::text WHERE id = ANY($1)`, [kept]);
      const ids: string[] = [];
      for (const panel of dto.panels) {
        if (panel.id) {
          await manager.update(EditionPanel, { id: panel.id }, { name: panel.name });
          ids.push(panel.id);
        } else ids.push((await manager.save(manager.create(EditionPanel, { editionId, name: panel.name }))).id);
      }
      await manager.update(EditionJuror, { editionId }, { panelId: null });
      await manager.update(Entry, { editionId }, { panelId: null });
      for (const [p, panel] of dto.panels.entries()) {
        const jurorIds = panel.jurorIds.filter((j) => plan.jurorPanel.get(j) === p);
        if (jurorIds.length) await manager.update(EditionJuror, { editionId, jurorId: In(jurorIds) }, { panelId: ids[p] });
        if (panel.entryIds.length) await manager.update(Entry, { editionId, id: In(panel.entryIds) }, { panelId: ids[p] });
      }

      edition.version += 1;
      await manager.save(edition);
      const view = await this.layout(manager, edition);
      await this.outbox.append(manager, ctx, [
        {
          type: 'competition.panels-changed',
          aggregateId: edition.id,
          aggregateVersion: edition.version,
          payload: { editionId, panels: view.panels.map((p) => ({ id: p.id, name: p.name, jurorIds: p.jurorIds, entries: p.entryIds.length })) },
        },
      ]);
      return view;
    });
  }

  private async layout(manager: EntityManager, edition: Edition): Promise<PanelsView> {
    const panels = await manager.find(EditionPanel, { where: { editionId: edition.id }, order: { name: 'ASC' } });
    const jurors: { jurorId: string; panelId: string }[] = await manager.query(
      `SELECT juror_id AS "jurorId", panel_id AS "panelId" FROM "nomination"."edition_juror" WHERE edition_id = $1 AND panel_id IS NOT NULL ORDER BY assigned_at, juror_id`,
      [edition.id],
    );
    const entries: { id: string; panelId: string | null }[] = await manager.query(
      `SELECT id, panel_id AS "panelId" FROM "nomination"."entry" WHERE edition_id = $1 AND state = ANY($2) ORDER BY submitted_at, id`,
      [edition.id, PANEL_STATES],
    );
    return {
      editionId: edition.id,
      panels: panels.map((p) => ({
        id: p.id,
        name: p.name,
        jurorIds: jurors.filter((j) => j.panelId === p.id).map((j) => j.jurorId),
        entryIds: entries.filter((e) => e.panelId === p.id).map((e) => e.id),
      })),
      unassignedEntries: entries.filter((e) => !e.panelId).length,
    };
  }
}
