import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { SHEET_CONTENT_TYPES } from '@lumbung/platform';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { ImportJobsService } from './import-jobs.service.js';
import { ImportsController } from './imports.controller.js';
import { RegistryImportsService } from './registry-imports.service.js';

/** The largest upload: a region's innovations of several years with long descriptions fit many times over. */
const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

@Module({
  imports: [AgenciesModule, InnovationsModule],
  controllers: [ImportsController],
  providers: [RegistryImportsService, ImportJobsService],
  exports: [RegistryImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  /** Uploads arrive as the file itself; every other body stays JSON within the service's 1 MiB. */
  onModuleInit(): void {
    const fastify = this.adapter.httpAdapter?.getInstance() as FastifyInstance | undefined;
    if (!fastify || fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser(['text/csv', SHEET_CONTENT_TYPES.xlsx.split(';')[0]], { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));
  }
}
