import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance/compliance.module.js';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { ExportsController } from './exports.controller.js';
import { RegistryExportsService } from './registry-exports.service.js';

@Module({
  imports: [ComplianceModule, InnovationsModule],
  controllers: [ExportsController],
  providers: [RegistryExportsService],
  exports: [RegistryExportsService],
})
export class ExportsModule {}
