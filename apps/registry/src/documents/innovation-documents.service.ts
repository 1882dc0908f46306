import type { Readable } from 'node:stream';
import { ConflictException, ForbiddenException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { OutboxService } from '@lumbung/messaging';
import type { DocumentView } from '@lumbung/contracts';
import { acceptUpload, canManageAgencyData, documentMetadata, documentMetadataChanges, DocumentRows, documentStorageFrom, recordChange, ServiceEnv, type CommandContext, type DocumentStorage, type Upload } from '@lumbung/platform';
import { InnovationStore } from '../innovations/innovation.store.js';

const DOCUMENTS = new DocumentRows('"registry"."innovation_document"', 'innovation_id');

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
    try {
      return await this.dataSource.transaction(async (manager) => {
        const innovation = await this.assertMayChange(ctx, innovationId, manager);
        const { view } = await DOCUMENTS.insert(manager, innovationId, upload.indicator, accepted, ctx.actor.sub);
        await recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-document', subjectId: view.id, parentId: innovationId, action: 'added', changes: documentMetadataChanges(view, 'added') });
        await this.outbox.append(manager, ctx, [{ type: 'innovation.document-added', aggregateId: view.id, aggregateVersion: 1, payload: payloadOf(innovation, view) }]);
        return view;
      });
    } catch (err) {
      await accepted.discard();
      throw err;
    }
  }

  async list(innovationId: string): Promise<DocumentView[]> {
    await this.assertExists(innovationId);
    return DOCUMENTS.list(this.dataSource, innovationId);
  }

  /** The document and its bytes, for whoever may read its innovation (any signed-in user; never the public catalogue). */
  async download(id: string): Promise<{ view: DocumentView; body: Readable }> {
    const document = await DOCUMENTS.find(this.dataSource, id);
    if (!document) throw new NotFoundException(`No document ${id}`);
    return { view: document.view, body: await this.storage.get(document.storageKey) };
  }

  /**
   * Takes a document off its innovation. The row stays (who removed it, when) for the audit; the
   * bytes go, since a removed document is no longer evidence and may hold personal data.
   */
  async remove(ctx: CommandContext, innovationId: string, id: string): Promise<void> {
    const key = await this.dataSource.transaction(async (manager) => {
      const innovation = await this.assertMayChange(ctx, innovationId, manager);
      const removed = await DOCUMENTS.markRemoved(manager, innovationId, id, ctx.actor.sub);
      if (!removed) throw new NotFoundException(`Innovation ${innovationId} has no document ${id}`);
      await recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-document', subjectId: id, parentId: innovationId, action: 'removed', changes: documentMetadataChanges(removed.view, 'removed') });
      await this.outbox.append(manager, ctx, [{ type: 'innovation.document-removed', aggregateId: id, aggregateVersion: 2, payload: payloadOf(innovation, removed.view) }]);
      return removed.storageKey;
    });
    await this.storage.remove(key);
  }

  private async assertExists(innovationId: string) {
    const current = await this.store.find(this.dataSource.manager, innovationId);
    if (!current) throw new NotFoundException(`No innovation ${innovationId}`);
    return current;
  }

  private async assertMayChange(ctx: CommandContext, innovationId: string, manager = this.dataSource.manager) {
    const current = await this.store.find(manager, innovationId);
    if (!current) throw new NotFoundException(`No innovation ${innovationId}`);
    if (!canManageAgencyData(ctx.actor, current.regionCode, current.agencyId)) {
      throw new ForbiddenException(`A ${ctx.actor.role} may not change the documents of this innovation of ${current.regionCode}`);
    }
    if (current.retiredAt) throw new ConflictException(`Innovation ${innovationId} was retired on ${current.retiredAt} and can no longer change`);
    return current;
  }
}

/** What the document events say: the innovation it belongs to and the document's metadata. */
function payloadOf(innovation: { id: string; regionCode: string; agencyId: string }, view: DocumentView) {
  return { innovationId: innovation.id, regionCode: innovation.regionCode, agencyId: innovation.agencyId, document: documentMetadata(view) };
}
