import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The parts of s3rver (no type declarations of its own) these tests use. */
interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: { port?: number; address?: string; silent?: boolean; directory: string }) => S3rverServer;

/** A document storage for a service under test: its env, how many objects it holds (what a refused upload must not leave), and its teardown. */
export interface TestDocumentStorage {
  env: Record<string, string>;
  stored(): Promise<number>;
  close(): Promise<void>;
}

export async function localDocumentFolder(): Promise<TestDocumentStorage> {
  const dir = mkdtempSync(join(tmpdir(), 'lumbung-documents-'));
  return {
    env: { DOCUMENTS_DIR: dir },
    stored: async () => {
      try {
        return readdirSync(dir).length;
      } catch {
        return 0;
      }
    },
    close: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A real S3-protocol server (s3rver) on a free port, with a bucket; the service reaches it through
 * the AWS SDK. Loaded on demand, so the many tests without documents do not load the SDK.
 */
export async function s3DocumentBucket(): Promise<TestDocumentStorage> {
  // The name as a plain string: s3rver has no types, and its class is described above instead.
  const s3rver = 's3rver';
  const [{ default: S3rver }, { CreateBucketCommand, ListObjectsV2Command, S3Client }] = await Promise.all([import(s3rver) as Promise<{ default: S3rverClass }>, import('@aws-sdk/client-s3')]);
  const dir = mkdtempSync(join(tmpdir(), 'lumbung-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ region: 'ap-southeast-3', endpoint, forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: 'bukti' }));
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
  return {
    env: { DOCUMENTS_S3_BUCKET: 'bukti', DOCUMENTS_S3_ENDPOINT: endpoint },
    stored: async () => (await client.send(new ListObjectsV2Command({ Bucket: 'bukti' }))).KeyCount ?? 0,
    close: async () => {
      client.destroy();
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Both storages, for describe.each: every document suite runs against each. */
export const DOCUMENT_STORAGES = [
  ['a local folder', localDocumentFolder],
  ['an S3 bucket (s3rver)', s3DocumentBucket],
] as const;
