import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentView } from '@lumbung/contracts';
import { acceptUpload, documentMetadataChanges, documentStorageFrom, recordChange, ServiceEnv, type CommandContext, type DocumentStorage, type Principal, type Upload } from '@lumbung/platform';
import { EntriesService } from '../entries/entries.service.js';
import { transition } from '../entries/entry-state-machine.js';
import { entrySummary } from '../entries/entry-views.js';
import type { Entry } from '../entries/entry.entity.js';

interface DocumentRow {
  id: string;
  entry_id: string;
  indicator: string;
  name: string;
  type: string;
  size: string;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

function documentView(row: DocumentRow): DocumentView {
  return { id: row.id, indicator: row.indicator, name: row.name, type: row.type, size: Number(row.size), sha256: row.sha256, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at.toISOString() };
}

const metadata = ({ id, indicator, name, type, size, sha256 }: DocumentView) => ({ id, indicator, name, type, size, sha256 });

/**
 * Evidence documents of competition entries (issue 17), through the same upload pipeline as the
 * registry's. Documents change with the proposal: by the entry's agency (or its region's admins),
 * while it is a draft or returned for correction, so what the check and the jury read does not
 * shift under them. Reading and downloading need the right to read the entry.
 */
@Injectable()
export class EntryDocumentsService implements OnModuleInit {
  private storage!: DocumentStorage;

  constructor(
    private readonly dataSource: DataSource,
    private readonly entries: EntriesService,
    private readonly env: ServiceEnv,
  ) {}

  async onModuleInit(): Promise<void> {
    this.storage = await documentStorageFrom(this.env);
  }

  async upload(ctx: CommandContext, entryId: string, upload: Upload): Promise<DocumentView> {
    // Who may, first: nothing is stored for someone who may not add it.
    await this.dataSource.transaction(async (manager) => this.assertMayChange(ctx, (await this.entries.lockEntry(manager, entryId)).entry));
    const accepted = await acceptUpload(this.storage, upload, this.env.DOCUMENTS_MAX_BYTES);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const { entry, edition } = await this.entries.lockEntry(manager, entryId);
        this.assertMayChange(ctx, entry);
        const [row]: DocumentRow[] = await manager.query(
          `INSERT INTO "nomination"."entry_document" (id, entry_id, indicator, name, type, size, sha256, storage_key, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [randomUUID(), entryId, upload.indicator, accepted.name, accepted.type, accepted.stored.size, accepted.stored.sha256, accepted.stored.key, ctx.actor.sub],
        );
        const view = documentView(row);
        await recordChange(manager, 'nomination', ctx, { subjectKind: 'entry-document', subjectId: view.id, parentId: entryId, action: 'added', changes: documentMetadataChanges(view, 'added') });
        await this.entries.bump(manager, entry);
        await this.entries.publish(manager, ctx, [
          { type: 'nomination.document-added', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), document: metadata(view) } },
        ]);
        return view;
      });
    } catch (err) {
      await accepted.discard();
      throw err;
    }
  }

  async list(actor: Principal, entryId: string): Promise<DocumentView[]> {
    await this.entries.visibleEntry(actor, entryId);
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT * FROM "nomination"."entry_document" WHERE entry_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [entryId],
    );
    return rows.map(documentView);
  }

  /** The document and its bytes, for whoever may read its entry (a draft's only by its agency). */
  async download(actor: Principal, id: string): Promise<{ view: DocumentView; body: Readable }> {
    const [row]: DocumentRow[] = await this.dataSource.query(`SELECT * FROM "nomination"."entry_document" WHERE id = $1 AND removed_at IS NULL`, [id]);
    if (!row) throw new NotFoundException(`No document ${id}`);
    try {
      await this.entries.visibleEntry(actor, row.entry_id);
    } catch {
      // Not saying whether it exists to someone who may not read its entry.
      throw new NotFoundException(`No document ${id}`);
    }
    return { view: documentView(row), body: await this.storage.get(row.storage_key) };
  }

  /** Takes a document off its entry: the row stays for the audit, the bytes go. */
  async remove(ctx: CommandContext, entryId: string, id: string): Promise<void> {
    const key = await this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      this.assertMayChange(ctx, entry);
      // TypeORM answers an UPDATE with [rows, count].
      const [[row]]: [DocumentRow[], number] = await manager.query(
        `UPDATE "nomination"."entry_document" SET removed_by = $3, removed_at = now()
          WHERE id = $1 AND entry_id = $2 AND removed_at IS NULL RETURNING *`,
        [id, entryId, ctx.actor.sub],
      );
      if (!row) throw new NotFoundException(`Entry ${entryId} has no document ${id}`);
      const view = documentView(row);
      await recordChange(manager, 'nomination', ctx, { subjectKind: 'entry-document', subjectId: id, parentId: entryId, action: 'removed', changes: documentMetadataChanges(view, 'removed') });
      await this.entries.bump(manager, entry);
      await this.entries.publish(manager, ctx, [
        { type: 'nomination.document-removed', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), document: metadata(view) } },
      ]);
      return row.storage_key;
    });
    await this.storage.remove(key);
  }

  private assertMayChange(ctx: CommandContext, entry: Entry): void {
    this.entries.assertActsForAgency(ctx.actor, entry);
    // The same rule as the proposal's: a draft, or returned for correction (409 otherwise).
    transition('edit-proposal', entry);
  }
}
