import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SHEET_CONTENT_TYPES } from '@lumbung/platform';

/** The largest upload: a region's innovations of several years with long descriptions fit many times over. */
export const MAX_IMPORT_UPLOAD_BYTES = 20 * 1024 * 1024;

/** Uploads arrive as the file itself (CSV or XLSX); every other body stays JSON within the service's 1 MiB. */
export function acceptSpreadsheetBodies(adapter: HttpAdapterHost): void {
  const fastify = adapter.httpAdapter?.getInstance() as FastifyInstance | undefined;
  if (!fastify || fastify.hasContentTypeParser('text/csv')) return;
  fastify.addContentTypeParser(['text/csv', SHEET_CONTENT_TYPES.xlsx.split(';')[0]], { parseAs: 'buffer', bodyLimit: MAX_IMPORT_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
}
