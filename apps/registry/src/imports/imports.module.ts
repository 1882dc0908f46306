import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { RegistryImportsService } from './registry-imports.service.js';

@Module({
  imports: [AgenciesModule, InnovationsModule],
  providers: [RegistryImportsService],
  exports: [RegistryImportsService],
})
export class ImportsModule {}
