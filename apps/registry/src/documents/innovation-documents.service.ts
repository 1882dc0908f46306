import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ConflictException, ForbiddenException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OutboxService } from '@lumbung/messaging';
import type { DocumentView } from '@lumbung/contracts';
import { acceptUpload, canManageAgencyData, documentMetadataChanges, documentStorageFrom, recordChange, ServiceEnv, type CommandContext, type DocumentStorage, type Upload } from '@lumbung/platform';
import { InnovationStore } from '../innovations/innovation.store.js';

interface DocumentRow {
  id: string;
  innovation_id: string;
  indicator: string;
  name: string;
  type: string;
  size: string;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

export function documentView(row: DocumentRow): DocumentView {
  return { id: row.id, indicator: row.indicator, name: row.name, type: row.type, size: Number(row.size), sha256: row.sha256, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at.toISOString() };
}

/**
 * Evidence documents of innovations (issue 17). The bytes go to the document storage as they
 * arrive; the type is decided from them, never from the name or the client's Content-Type; a file
 * refused for any reason is removed from storage before the answer, so nothing refused stays.
 */
@Injectable()
export class InnovationDocumentsService implements OnModuleInit {
  private storage!: DocumentStorage;

  constructor(
    private readonly dataSource: DataSource,
    private readonly store: InnovationStore,
    private readonly env: ServiceEnv,
    private readonly outbox: OutboxService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.storage = await documentStorageFrom(this.env);
  }

  async upload(ctx: CommandContext, innovationId: string, upload: Upload): Promise<DocumentView> {
    // Who may, first: an upload of someone who may not is refused before a byte is stored.
    await this.assertMayChange(ctx, innovationId);
    const accepted = await acceptUpload(this.storage, upload, this.env.DOCUMENTS_MAX_BYTES);
    const { stored, name, type } = accepted;
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.assertMayChange(ctx, innovationId, manager);
        const [row]: DocumentRow[] = await manager.query(
          `INSERT INTO "registry"."innovation_document" (id, innovation_id, indicator, name, type, size, sha256, storage_key, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [randomUUID(), innovationId, upload.indicator, name, type, stored.size, stored.sha256, stored.key, ctx.actor.sub],
        );
        const view = documentView(row);
        await recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-document', subjectId: view.id, parentId: innovationId, action: 'added', changes: documentMetadataChanges(view, 'added') });
        await this.outbox.append(manager, ctx, [{ type: 'innovation.document-added', aggregateId: view.id, aggregateVersion: 1, payload: await this.payload(manager, innovationId, view) }]);
        return view;
      });
    } catch (err) {
      await accepted.discard();
      throw err;
    }
  }

  async list(innovationId: string): Promise<DocumentView[]> {
    await this.assertExists(innovationId);
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT * FROM "registry"."innovation_document" WHERE innovation_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [innovationId],
    );
    return rows.map(documentView);
  }

  /** The document and its bytes, for whoever may read its innovation (any signed-in user; never the public catalogue). */
  async download(id: string): Promise<{ view: DocumentView; body: Readable }> {
    const [row]: DocumentRow[] = await this.dataSource.query(`SELECT * FROM "registry"."innovation_document" WHERE id = $1 AND removed_at IS NULL`, [id]);
    if (!row) throw new NotFoundException(`No document ${id}`);
    return { view: documentView(row), body: await this.storage.get(row.storage_key) };
  }

  /**
   * Takes a document off its innovation. The row stays (who removed it, when) for the audit; the
   * bytes go, since a removed document is no longer evidence and may hold personal data.
   */
  async remove(ctx: CommandContext, innovationId: string, id: string): Promise<void> {
    const key = await this.dataSource.transaction(async (manager) => {
      await this.assertMayChange(ctx, innovationId, manager);
      // TypeORM answers an UPDATE with [rows, count].
      const [[row]]: [DocumentRow[], number] = await manager.query(
        `UPDATE "registry"."innovation_document" SET removed_by = $3, removed_at = now()
          WHERE id = $1 AND innovation_id = $2 AND removed_at IS NULL RETURNING *`,
        [id, innovationId, ctx.actor.sub],
      );
      if (!row) throw new NotFoundException(`Innovation ${innovationId} has no document ${id}`);
      await recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-document', subjectId: id, parentId: innovationId, action: 'removed', changes: documentMetadataChanges(documentView(row), 'removed') });
      await this.outbox.append(manager, ctx, [{ type: 'innovation.document-removed', aggregateId: id, aggregateVersion: 2, payload: await this.payload(manager, innovationId, documentView(row)) }]);
      return row.storage_key;
    });
    await this.storage.remove(key);
  }

  /** What the document events say: the innovation it belongs to and the document's metadata. */
  private async payload(manager: EntityManager, innovationId: string, view: DocumentView) {
    const current = (await this.store.find(manager, innovationId))!;
    const { id, indicator, name, type, size, sha256 } = view;
    return { innovationId, regionCode: current.regionCode, agencyId: current.agencyId, document: { id, indicator, name, type, size, sha256 } };
  }

  private async assertExists(innovationId: string) {
    const current = await this.store.find(this.dataSource.manager, innovationId);
    if (!current) throw new NotFoundException(`No innovation ${innovationId}`);
    return current;
  }

  private async assertMayChange(ctx: CommandContext, innovationId: string, manager = this.dataSource.manager): Promise<void> {
    const current = await this.store.find(manager, innovationId);
    if (!current) throw new NotFoundException(`No innovation ${innovationId}`);
    if (!canManageAgencyData(ctx.actor, current.regionCode, current.agencyId)) {
      throw new ForbiddenException(`A ${ctx.actor.role} may not change the documents of this innovation of ${current.regionCode}`);
    }
    if (current.retiredAt) throw new ConflictException(`Innovation ${innovationId} was retired on ${current.retiredAt} and can no longer change`);
  }
}
