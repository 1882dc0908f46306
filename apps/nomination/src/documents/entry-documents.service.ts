import type { Readable } from 'node:stream';
import { Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DocumentView } from '@lumbung/contracts';
import { acceptUpload, documentMetadata, documentMetadataChanges, DocumentRows, documentStorageFrom, recordChange, ServiceEnv, type CommandContext, type DocumentStorage, type Principal, type Upload } from '@lumbung/platform';
import { EntriesService } from '../entries/entries.service.js';
import { transition } from '../entries/entry-state-machine.js';
import { entrySummary } from '../entries/entry-views.js';
import type { Entry } from '../entries/entry.entity.js';

const DOCUMENTS = new DocumentRows('"nomination"."entry_document"', 'entry_id');

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
        const { view } = await DOCUMENTS.insert(manager, entryId, upload.indicator, accepted, ctx.actor.sub);
        await recordChange(manager, 'nomination', ctx, { subjectKind: 'entry-document', subjectId: view.id, parentId: entryId, action: 'added', changes: documentMetadataChanges(view, 'added') });
        await this.entries.save(manager, ctx, entry, () => [
          { type: 'nomination.document-added', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), document: documentMetadata(view) } },
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
    return DOCUMENTS.list(this.dataSource, entryId);
  }

  /** The document and its bytes, for whoever may read its entry (a draft's only by its agency). */
  async download(actor: Principal, id: string): Promise<{ view: DocumentView; body: Readable }> {
    const document = await DOCUMENTS.find(this.dataSource, id);
    if (!document) throw new NotFoundException(`No document ${id}`);
    try {
      await this.entries.visibleEntry(actor, document.parentId);
    } catch {
      // Not saying whether it exists to someone who may not read its entry.
      throw new NotFoundException(`No document ${id}`);
    }
    return { view: document.view, body: await this.storage.get(document.storageKey) };
  }

  /** Takes a document off its entry: the row stays for the audit, the bytes go. */
  async remove(ctx: CommandContext, entryId: string, id: string): Promise<void> {
    const key = await this.dataSource.transaction(async (manager) => {
      const { entry, edition } = await this.entries.lockEntry(manager, entryId);
      this.assertMayChange(ctx, entry);
      const removed = await DOCUMENTS.markRemoved(manager, entryId, id, ctx.actor.sub);
      if (!removed) throw new NotFoundException(`Entry ${entryId} has no document ${id}`);
      await recordChange(manager, 'nomination', ctx, { subjectKind: 'entry-document', subjectId: id, parentId: entryId, action: 'removed', changes: documentMetadataChanges(removed.view, 'removed') });
      await this.entries.save(manager, ctx, entry, () => [
        { type: 'nomination.document-removed', aggregateId: entry.id, aggregateVersion: entry.version, payload: { entry: entrySummary(entry, edition), document: documentMetadata(removed.view) } },
      ]);
      return removed.storageKey;
    });
    await this.storage.remove(key);
  }

  private assertMayChange(ctx: CommandContext, entry: Entry): void {
    this.entries.assertActsForAgency(ctx.actor, entry);
    // The same rule as the proposal's: a draft, or returned for correction (409 otherwise).
    transition('edit-proposal', entry);
  }
}
