import type { Readable } from 'node:stream';
import { ConflictException, ForbiddenException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_REPLICATION_STATUSES, type DocumentView } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { acceptUpload, documentMetadata, DocumentRows, documentStorageFrom, ServiceEnv, type CommandContext, type DocumentStorage, type Principal, type Upload } from '@lumbung/platform';
import { partiesOf } from '../requests/replication-parties.js';
import { ReplicationRequest } from '../requests/replication-request.entity.js';

const DOCUMENTS = new DocumentRows('"replication"."request_document"', 'request_id');

/**
 * The documents a replication rests on (issue 17): the letter of interest (surat-minat), the MoU and
 * PKS, progress reports, the evaluation, each under an indicator, through the same upload pipeline as
 * the registry's. Either party attaches and removes them while the request is open; its parties
 * and overseers read them. A removed document keeps its row, who removed it and when.
 */
@Injectable()
export class RequestDocumentsService implements OnModuleInit {
  private storage!: DocumentStorage;

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly env: ServiceEnv,
  ) {}

  async onModuleInit(): Promise<void> {
    this.storage = await documentStorageFrom(this.env);
  }

  async upload(ctx: CommandContext, requestId: string, upload: Upload): Promise<DocumentView> {
    // Who may, first: nothing is stored for someone who may not add it.
    this.assertMayChange(ctx.actor, await this.request(this.dataSource.manager, requestId));
    const accepted = await acceptUpload(this.storage, upload, this.env.DOCUMENTS_MAX_BYTES);
    try {
      return await this.dataSource.transaction(async (manager) => {
        const request = await this.request(manager, requestId, true);
        this.assertMayChange(ctx.actor, request);
        const { view } = await DOCUMENTS.insert(manager, requestId, upload.indicator, accepted, ctx.actor.sub);
        await this.outbox.append(manager, ctx, [{ type: 'replication.document-added', aggregateId: view.id, aggregateVersion: 1, payload: this.payload(request, view) }]);
        return view;
      });
    } catch (err) {
      await accepted.discard();
      throw err;
    }
  }

  async list(actor: Principal, requestId: string): Promise<DocumentView[]> {
    this.assertMayRead(actor, await this.request(this.dataSource.manager, requestId));
    return DOCUMENTS.list(this.dataSource, requestId);
  }

  /** The document and its bytes, for the request's parties and overseers; to anyone else it does not exist. */
  async download(actor: Principal, id: string): Promise<{ view: DocumentView; body: Readable }> {
    const document = await DOCUMENTS.find(this.dataSource, id);
    const request = document ? await this.dataSource.manager.findOneBy(ReplicationRequest, { id: document.parentId }) : null;
    if (!document || !request || partiesOf(actor, request).size === 0) throw new NotFoundException(`No document ${id}`);
    return { view: document.view, body: await this.storage.get(document.storageKey) };
  }

  async remove(ctx: CommandContext, requestId: string, id: string): Promise<void> {
    const key = await this.dataSource.transaction(async (manager) => {
      const request = await this.request(manager, requestId, true);
      this.assertMayChange(ctx.actor, request);
      const removed = await DOCUMENTS.markRemoved(manager, requestId, id, ctx.actor.sub);
      if (!removed) throw new NotFoundException(`Replication request ${requestId} has no document ${id}`);
      await this.outbox.append(manager, ctx, [{ type: 'replication.document-removed', aggregateId: id, aggregateVersion: 2, payload: this.payload(request, removed.view) }]);
      return removed.storageKey;
    });
    await this.storage.remove(key);
  }

  private payload(request: ReplicationRequest, view: DocumentView) {
    return { requestId: request.id, originRegionCode: request.originRegionCode, adopterRegionCode: request.adopterRegionCode, document: documentMetadata(view) };
  }

  private async request(manager: EntityManager, id: string, lock = false): Promise<ReplicationRequest> {
    const request = await manager.findOne(ReplicationRequest, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!request) throw new NotFoundException(`No replication request ${id}`);
    return request;
  }

  private assertMayRead(actor: Principal, request: ReplicationRequest): void {
    if (partiesOf(actor, request).size === 0) throw new ForbiddenException('Only the parties of a replication request and their overseers may read it');
  }

  /** The two sides' own papers: the origin's or the adopter's people, while the request is open. */
  private assertMayChange(actor: Principal, request: ReplicationRequest): void {
    const parties = partiesOf(actor, request);
    if (!parties.has('origin') && !parties.has('adopter')) throw new ForbiddenException("Only the origin's and the adopter's people attach or remove a request's documents");
    if (!(OPEN_REPLICATION_STATUSES as readonly string[]).includes(request.status)) throw new ConflictException(`The request is ${request.status}: its documents are final`);
  }
}
