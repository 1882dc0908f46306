import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RedisConnections, SpreadsheetImportJobs, type ImportJobsConfig } from '@lumbung/messaging';
import { ServiceEnv } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';
import { RegistryImportsService, type RegistryImportKind } from './registry-imports.service.js';

/**
 * WARNING: a queue name is a public contract within the deployment: renaming it strands the jobs
 * queued under the old name. DO NOT CHANGE WITHOUT A MIGRATION PLAN.
 */
export const IMPORT_QUEUE = 'registry-imports';

/** The registry's imports over HTTP: agencies and innovations, run as the command line runs them. */
@Injectable()
export class ImportJobsService extends SpreadsheetImportJobs<RegistryImportKind> {
  protected readonly config: ImportJobsConfig<RegistryImportKind>;

  constructor(dataSource: DataSource, redis: RedisConnections, env: ServiceEnv, imports: RegistryImportsService) {
    super(dataSource, redis, env);
    this.config = { schema: 'registry', queue: IMPORT_QUEUE, kind: (kind, ctx, fileName) => imports.kind(kind, ctx, fileName), lockMs: (env as RegistryEnv).IMPORT_LOCK_MS };
  }
}
