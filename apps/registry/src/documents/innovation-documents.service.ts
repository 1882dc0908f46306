import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { ConflictException, ForbiddenException, Injectable, NotFoundException, PayloadTooLargeException, UnsupportedMediaTypeException, type OnModuleInit } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { DataSource } from 'typeorm';
import { DOCUMENT_TYPES, type DocumentView } from '@lumbung/contracts';
import { canManageAgencyData, documentStorageFrom, invalidField, recordChange, ServiceEnv, storeUpload, type CommandContext, type DocumentStorage } from '@lumbung/platform';
import { InnovationStore } from '../innovations/innovation.store.js';

/** What an upload brings: its bytes, the name the client gave, and whether the limit cut it. */
export interface Upload {
  file: Readable;
  filename: string;
  truncated: () => boolean;
  indicator: string;
}

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

/** A name to show, never a path: no separators, no control characters, not "." or "..". */
const BAD_NAME = /[/\\\u0000-\u001f\u007f]|^\.{1,2}$/;

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
  ) {}

  async onModuleInit(): Promise<void> {
    this.storage = await documentStorageFrom(this.env);
  }

  async upload(ctx: CommandContext, innovationId: string, upload: Upload): Promise<DocumentView> {
    // Who may, first: an upload of someone who may not is refused before a byte is stored.
    await this.assertMayChange(ctx, innovationId);
    const name = upload.filename.trim();
    if (!name || name.length > 200 || BAD_NAME.test(name)) {
      upload.file.resume();
      throw invalidField('file', 'the file name must be 1-200 characters without a path separator or a control character', 'document.bad-name');
    }
    const stored = await storeUpload(this.storage, upload.file, upload.truncated);
    const refuse = async (err: Error) => {
      await this.storage.remove(stored.key);
      return err;
    };
    if (stored.truncated) throw await refuse(new PayloadTooLargeException({ code: 'document.too-large', message: `The file is larger than ${this.env.DOCUMENTS_MAX_BYTES} bytes`, max: this.env.DOCUMENTS_MAX_BYTES }));
    if (stored.size === 0) throw await refuse(invalidField('file', 'the file is empty', 'document.empty'));
    const detected = await fileTypeFromBuffer(stored.head);
    const type = detected && (DOCUMENT_TYPES as Record<string, string>)[detected.ext];
    if (!type) {
      throw await refuse(new UnsupportedMediaTypeException({ code: 'document.type-not-allowed', message: `By its content the file is ${detected ? detected.mime : 'of no known type'}; allowed: PDF, JPEG, PNG, DOCX, XLSX`, allowed: Object.values(DOCUMENT_TYPES) }));
    }
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.assertMayChange(ctx, innovationId, manager);
        const [row]: DocumentRow[] = await manager.query(
          `INSERT INTO "registry"."innovation_document" (id, innovation_id, indicator, name, type, size, sha256, storage_key, uploaded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [randomUUID(), innovationId, upload.indicator, name, type, stored.size, stored.sha256, stored.key, ctx.actor.sub],
        );
        const view = documentView(row);
        await recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-document', subjectId: view.id, parentId: innovationId, action: 'added', changes: metadataChanges(view, 'added') });
        return view;
      });
    } catch (err) {
      throw await refuse(err as Error);
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
      await recordChange(manager, 'registry', ctx, { subjectKind: 'innovation-document', subjectId: id, parentId: innovationId, action: 'removed', changes: metadataChanges(documentView(row), 'removed') });
      return row.storage_key;
    });
    await this.storage.remove(key);
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

/** The audit row of a document: its metadata (never its bytes), appearing or going. */
function metadataChanges(view: DocumentView, action: 'added' | 'removed') {
  const { indicator, name, type, size, sha256 } = view;
  const metadata = { indicator, name, type, size, sha256 };
  return [{ field: 'document', before: action === 'added' ? null : metadata, after: action === 'added' ? metadata : null }];
}
