import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { acceptSpreadsheetBodies } from '@lumbung/messaging';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { ImportJobsService } from './import-jobs.service.js';
import { ImportsController } from './imports.controller.js';
import { RegistryImportsService } from './registry-imports.service.js';

@Module({
  imports: [AgenciesModule, InnovationsModule],
  controllers: [ImportsController],
  providers: [RegistryImportsService, ImportJobsService],
  exports: [RegistryImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    acceptSpreadsheetBodies(this.adapter);
  }
}
