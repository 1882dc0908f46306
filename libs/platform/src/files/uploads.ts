import type { Readable } from 'node:stream';
import { PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import { DOCUMENT_TYPES, type DocumentView } from '@lumbung/contracts';
import { invalidField } from '../http/validation.js';
import { documentMetadata } from './document-rows.js';
import { storeUpload, type DocumentStorage, type StoredUpload } from './document-storage.js';

/** What an upload brings: its bytes, the name the client gave, whether the limit cut it, and its indicator. */
export interface Upload {
  file: Readable;
  filename: string;
  truncated: () => boolean;
  indicator: string;
}

/** A form field's value, when the client sent it before the file (multipart is read in order). */
function fieldValue(file: MultipartFile, name: string): string | undefined {
  const field = file.fields[name];
  const one = Array.isArray(field) ? field[0] : field;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}

/**
 * The upload of a request: multipart/form-data with the field `indicator` first, then one part
 * `file`. Nothing is read beyond the headers of the file part here; the bytes stream on.
 */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  let file: MultipartFile | undefined;
  try {
    file = await req.file();
  } catch {
    file = undefined;
  }
  if (!file) throw invalidField('file', 'send multipart/form-data with one file part named file', 'document.no-file');
  const indicator = fieldValue(file, 'indicator')?.trim();
  if (!indicator || indicator.length > 100) {
    file.file.resume();
    throw invalidField('indicator', 'indicator (1-100 characters) must come before the file in the form', indicator ? 'field.max-length' : 'field.required');
  }
  const part = file;
  return { file: part.file, filename: part.filename, truncated: () => part.file.truncated, indicator };
}

/** A name to show, never a path: no separators, no control characters, not "." or "..". */
const BAD_NAME = /[/\\\u0000-\u001f\u007f]|^\.{1,2}$/;

export interface AcceptedUpload {
  stored: StoredUpload;
  name: string;
  /** The MIME type decided from the bytes. */
  type: string;
  /** Removes the stored bytes: for a caller whose own checks or transaction fail after this. */
  discard: () => Promise<void>;
}

/**
 * Streams an upload into storage and keeps it only if it is what the service accepts: a sound
 * name, not empty, not over `maxBytes`, and by its content (never its name or the client's
 * Content-Type) one of DOCUMENT_TYPES. A refused file is removed before the error is thrown, so
 * nothing refused stays. The caller checks who may upload before calling this.
 */
export async function acceptUpload(storage: DocumentStorage, upload: Upload, maxBytes: number): Promise<AcceptedUpload> {
  const name = upload.filename.trim();
  if (!name || name.length > 200 || BAD_NAME.test(name)) {
    upload.file.resume();
    throw invalidField('file', 'the file name must be 1-200 characters without a path separator or a control character', 'document.bad-name');
  }
  const stored = await storeUpload(storage, upload.file, upload.truncated);
  const discard = () => storage.remove(stored.key);
  const refuse = async (err: Error) => {
    await discard();
    return err;
  };
  if (stored.truncated) throw await refuse(new PayloadTooLargeException({ code: 'document.too-large', message: `The file is larger than ${maxBytes} bytes`, max: maxBytes }));
  if (stored.size === 0) throw await refuse(invalidField('file', 'the file is empty', 'document.empty'));
  const detected = await fileTypeFromBuffer(stored.head);
  const type = detected && (DOCUMENT_TYPES as Record<string, string>)[detected.ext];
  if (!type) {
    throw await refuse(
      new UnsupportedMediaTypeException({
        code: 'document.type-not-allowed',
        message: `By its content the file is ${detected ? detected.mime : 'of no known type'}; allowed: PDF, JPEG, PNG, DOCX, XLSX`,
        allowed: Object.values(DOCUMENT_TYPES),
      }),
    );
  }
  return { stored, name, type, discard };
}

/** Sends a stored document: its decided type, size and hash, and the uploaded name as the attachment name. */
export async function sendDocument(reply: FastifyReply, view: Pick<DocumentView, 'type' | 'size' | 'name' | 'sha256'>, body: Readable): Promise<void> {
  await reply
    .header('content-type', view.type)
    .header('content-length', String(view.size))
    // The stored name for the user's disk, quoted and encoded: never a path on ours.
    .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(view.name)}`)
    .header('x-content-sha256', view.sha256)
    .send(body);
}

/** The audit row of a document: its metadata (never its bytes), appearing or going. */
export function documentMetadataChanges(view: DocumentView, action: 'added' | 'removed') {
  const { id: _id, ...metadata } = documentMetadata(view);
  return [{ field: 'document', before: action === 'added' ? null : metadata, after: action === 'added' ? metadata : null }];
}
