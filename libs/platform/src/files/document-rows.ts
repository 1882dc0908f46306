import type { DocumentView } from '@lumbung/contracts';
import type { AcceptedUpload } from './uploads.js';

/** Anything that runs SQL: a DataSource or a transaction's EntityManager. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<any>;
}

interface DocumentRow {
  id: string;
  parent_id: string;
  indicator: string;
  name: string;
  type: string;
  size: string;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

/** A stored document: what the API shows, the record it belongs to, and where its bytes are. */
export interface StoredDocument {
  view: DocumentView;
  parentId: string;
  storageKey: string;
}

function stored(row: DocumentRow): StoredDocument {
  const view = { id: row.id, indicator: row.indicator, name: row.name, type: row.type, size: Number(row.size), sha256: row.sha256, uploadedBy: row.uploaded_by, uploadedAt: row.uploaded_at.toISOString() };
  return { view, parentId: row.parent_id, storageKey: row.storage_key };
}

/**
 * The metadata rows of one kind of record's documents (innovation_document, request_document,
 * entry_document: one shape, each with its parent column). A removed document keeps its row, who
 * removed it and when, for the audit; every read leaves removed rows out.
 */
export class DocumentRows {
  private readonly columns: string;

  constructor(
    private readonly table: string,
    private readonly parentColumn: string,
  ) {
    this.columns = `id, ${parentColumn} AS parent_id, indicator, name, type, size, sha256, storage_key, uploaded_by, uploaded_at`;
  }

  async insert(runner: Queryable, parentId: string, indicator: string, accepted: AcceptedUpload, uploadedBy: string): Promise<StoredDocument> {
    const [row]: DocumentRow[] = await runner.query(
      `INSERT INTO ${this.table} (id, ${this.parentColumn}, indicator, name, type, size, sha256, storage_key, uploaded_by)
       VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${this.columns}`,
      [parentId, indicator, accepted.name, accepted.type, accepted.stored.size, accepted.stored.sha256, accepted.stored.key, uploadedBy],
    );
    return stored(row);
  }

  async list(runner: Queryable, parentId: string): Promise<DocumentView[]> {
    const rows: DocumentRow[] = await runner.query(`SELECT ${this.columns} FROM ${this.table} WHERE ${this.parentColumn} = $1 AND removed_at IS NULL ORDER BY uploaded_at, id`, [parentId]);
    return rows.map((r) => stored(r).view);
  }

  async find(runner: Queryable, id: string): Promise<StoredDocument | null> {
    const [row]: DocumentRow[] = await runner.query(`SELECT ${this.columns} FROM ${this.table} WHERE id = $1 AND removed_at IS NULL`, [id]);
    return row ? stored(row) : null;
  }

  /** Marks the document of this parent removed; null when it has no such (live) document. */
  async markRemoved(runner: Queryable, parentId: string, id: string, removedBy: string): Promise<StoredDocument | null> {
    // TypeORM answers an UPDATE with [rows, count].
    const [[row]]: [DocumentRow[], number] = await runner.query(
      `UPDATE ${this.table} SET removed_by = $3, removed_at = now() WHERE id = $1 AND ${this.parentColumn} = $2 AND removed_at IS NULL RETURNING ${this.columns}`,
      [id, parentId, removedBy],
    );
    return row ? stored(row) : null;
  }
}

/** What an event says of a document: its metadata, never its bytes or where they are. */
export function documentMetadata({ id, indicator, name, type, size, sha256 }: DocumentView) {
  return { id, indicator, name, type, size, sha256 };
}
