import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ConflictException, ForbiddenException, Injectable, NotFoundException, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OPEN_REPLICATION_STATUSES, type DocumentView } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { acceptUpload, documentStorageFrom, ServiceEnv, type CommandContext, type DocumentStorage, type Principal, type Upload } from '@lumbung/platform';
import { partiesOf } from '../requests/replication-parties.js';
import { ReplicationRequest } from '../requests/replication-request.entity.js';

interface DocumentRow {
  id: string;
  request_id: string;
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
        const [row]: DocumentRow[] = await manager.query(
          `INSERT INTO "replication"."request_document" (id, request_id, indicator, name, type, size, sha256, storage_key, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [randomUUID(), requestId, upload.indicator, accepted.name, accepted.type, accepted.stored.size, accepted.stored.sha256, accepted.stored.key, ctx.actor.sub],
        );
        const view = documentView(row);
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
    const rows: DocumentRow[] = await this.dataSource.query(
      `SELECT * FROM "replication"."request_document" WHERE request_id = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`,
      [requestId],
    );
    return rows.map(documentView);
  }

  /** The document and its bytes, for the request's parties and overseers; to anyone else it does not exist. */
  async download(actor: Principal, id: string): Promise<{ view: DocumentView; body: Readable }> {
    const [row]: DocumentRow[] = await this.dataSource.query(`SELECT * FROM "replication"."request_document" WHERE id = $1 AND removed_at IS NULL`, [id]);
    const request = row ? await this.dataSource.manager.findOneBy(ReplicationRequest, { id: row.request_id }) : null;
    if (!row || !request || partiesOf(actor, request).size === 0) throw new NotFoundException(`No document ${id}`);
    return { view: documentView(row), body: await this.storage.get(row.storage_key) };
  }

  async remove(ctx: CommandContext, requestId: string, id: string): Promise<void> {
    const key = await this.dataSource.transaction(async (manager) => {
      const request = await this.request(manager, requestId, true);
      this.assertMayChange(ctx.actor, request);
      // TypeORM answers an UPDATE with [rows, count].
      const [[row]]: [DocumentRow[], number] = await manager.query(
        `UPDATE "replication"."request_document" SET removed_by = $3, removed_at = now()
          WHERE id = $1 AND request_id = $2 AND removed_at IS NULL RETURNING *`,
        [id, requestId, ctx.actor.sub],
      );
      if (!row) throw new NotFoundException(`Replication request ${requestId} has no document ${id}`);
      await this.outbox.append(manager, ctx, [{ type: 'replication.document-removed', aggregateId: id, aggregateVersion: 2, payload: this.payload(request, documentView(row)) }]);
      return row.storage_key;
    });
    await this.storage.remove(key);
  }

  private payload(request: ReplicationRequest, { id, indicator, name, type, size, sha256 }: DocumentView) {
    return { requestId: request.id, originRegionCode: request.originRegionCode, adopterRegionCode: request.adopterRegionCode, document: { id, indicator, name, type, size, sha256 } };
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
