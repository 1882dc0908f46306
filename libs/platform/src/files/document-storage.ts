import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
// Types only here: the SDK is loaded when a bucket is configured, so a service without one (and
// every test process) does not pay for loading it.
import type { S3Client } from '@aws-sdk/client-s3';

/**
 * Where evidence documents' bytes live: one small interface, a local folder by default and an
 * S3-compatible bucket in production. Keys are always generated here (never a name a client wrote),
 * so nothing is ever served from a path a client chose.
 */
export interface DocumentStorage {
  /** Stores the stream's bytes under a new key and returns it. */
  put(body: Readable): Promise<string>;
  get(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

/** Keys are UUIDs: checked on every read, so a stored key can never walk out of the folder. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
function checkedKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Not a document key: ${key}`);
  return key;
}

export class LocalDocumentStorage implements DocumentStorage {
  constructor(private readonly dir: string) {}

  async put(body: Readable): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const key = randomUUID();
    try {
      await pipeline(body, createWriteStream(join(this.dir, key), { flags: 'wx' }));
    } catch (err) {
      await rm(join(this.dir, key), { force: true });
      throw err;
    }
    return key;
  }

  async get(key: string): Promise<Readable> {
    const path = join(this.dir, checkedKey(key));
    await stat(path);
    return createReadStream(path);
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.dir, checkedKey(key)), { force: true });
  }
}

export class S3DocumentStorage implements DocumentStorage {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(body: Readable): Promise<string> {
    const key = randomUUID();
    const { Upload } = await import('@aws-sdk/lib-storage');
    // A multipart upload streams the body in parts: the size need not be known, nothing is held whole.
    await new Upload({ client: this.client, params: { Bucket: this.bucket, Key: key, Body: body } }).done();
    return key;
  }

  async get(key: string): Promise<Readable> {
    const { GetObjectCommand } = await import('@aws-sdk/client-s3');
    const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkedKey(key) }));
    return answer.Body as Readable;
  }

  async remove(key: string): Promise<void> {
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: checkedKey(key) }));
  }
}

export interface DocumentStorageSettings {
  DOCUMENTS_DIR: string;
  DOCUMENTS_S3_BUCKET?: string;
  DOCUMENTS_S3_ENDPOINT?: string;
  DOCUMENTS_S3_REGION: string;
}

/** The bucket when one is named (credentials from the SDK's usual sources: AWS_ACCESS_KEY_ID…), else the folder. */
export async function documentStorageFrom(settings: DocumentStorageSettings): Promise<DocumentStorage> {
  if (!settings.DOCUMENTS_S3_BUCKET) return new LocalDocumentStorage(settings.DOCUMENTS_DIR);
  const { S3Client } = await import('@aws-sdk/client-s3');
  const client = new S3Client({
    region: settings.DOCUMENTS_S3_REGION,
    ...(settings.DOCUMENTS_S3_ENDPOINT ? { endpoint: settings.DOCUMENTS_S3_ENDPOINT, forcePathStyle: true } : {}),
  });
  return new S3DocumentStorage(client, settings.DOCUMENTS_S3_BUCKET);
}

/** What an upload turned out to be, read from its bytes as they streamed past. */
export interface StoredUpload {
  key: string;
  size: number;
  sha256: string;
  /** The first bytes, for deciding the type from the content. */
  head: Buffer;
  /** True when the bytes went past the limit (the stream was cut there). */
  truncated: boolean;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Streams an upload into storage while counting, hashing and keeping its head, in one pass: the
 * bytes are never held whole. The caller decides from the result whether to keep it, and removes
 * the key when not (an empty, oversize or wrong-type file leaves nothing behind).
 */
export async function storeUpload(storage: DocumentStorage, body: Readable, isTruncated: () => boolean): Promise<StoredUpload> {
  const hash = createHash('sha256');
  let size = 0;
  const head: Buffer[] = [];
  let headSize = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      size += chunk.length;
      if (headSize < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headSize));
        headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
      }
      done(null, chunk);
    },
  });
  const out = new PassThrough();
  const stored = storage.put(out);
  await pipeline(body, tap, out);
  const key = await stored;
  return { key, size, sha256: hash.digest('hex'), head: Buffer.concat(head), truncated: isTruncated() };
}
