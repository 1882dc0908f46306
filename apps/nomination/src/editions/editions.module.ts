import { Module } from '@nestjs/common';
import { EditionsController } from './editions.controller.js';
import { EditionsService } from './editions.service.js';
import { PhaseScheduler } from './phase-scheduler.service.js';

@Module({
  controllers: [EditionsController],
  providers: [EditionsService, PhaseScheduler],
  exports: [EditionsService],
})
export class EditionsModule {}
