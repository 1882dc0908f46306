import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnections, SpreadsheetImportJobs, type ImportJobsConfig } from '@lumbung/messaging';
import { ServiceEnv } from '@lumbung/platform';
import { NominationImportsService, type NominationImportKind } from './nomination-imports.service.js';

/**
 * WARNING: a queue name is a public contract within the deployment: renaming it strands the jobs
 * queued under the old name. DO NOT CHANGE WITHOUT A MIGRATION PLAN.
 */
export const NOMINATION_IMPORT_QUEUE = 'nomination-imports';

/** The national results uploaded over HTTP, run as `npm run cli -- import national-results` runs them. */
@Injectable()
export class NominationImportJobs extends SpreadsheetImportJobs<NominationImportKind> {
  protected readonly config: ImportJobsConfig<NominationImportKind>;

  constructor(dataSource: DataSource, redis: RedisConnections, env: ServiceEnv, imports: NominationImportsService) {
    super(dataSource, redis, env);
    this.config = { schema: 'nomination', queue: NOMINATION_IMPORT_QUEUE, kind: (_kind, ctx) => imports.kind(ctx) };
  }
}
