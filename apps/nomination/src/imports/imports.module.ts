import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { acceptSpreadsheetBodies } from '@lumbung/messaging';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { NominationImportJobs } from './nomination-import-jobs.service.js';
import { NominationImportsController } from './nomination-imports.controller.js';
import { NominationImportsService } from './nomination-imports.service.js';

@Module({
  imports: [ForwardingModule],
  controllers: [NominationImportsController],
  providers: [NominationImportsService, NominationImportJobs],
  exports: [NominationImportsService],
})
export class ImportsModule implements OnModuleInit {
  constructor(private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    acceptSpreadsheetBodies(this.adapter);
  }
}
