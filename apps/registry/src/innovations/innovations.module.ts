import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { InnovationTypesModule } from '../innovation-types/innovation-types.module.js';
import { InnovationStore } from './innovation.store.js';
import { InnovationsController } from './innovations.controller.js';
import { InnovationsService } from './innovations.service.js';

@Module({
  imports: [AgenciesModule, InnovationTypesModule],
  controllers: [InnovationsController],
  providers: [InnovationStore, InnovationsService],
  exports: [InnovationsService, InnovationStore],
})
export class InnovationsModule {}
