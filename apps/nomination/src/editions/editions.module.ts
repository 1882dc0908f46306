import { Module } from '@nestjs/common';
import { EditionChangesController } from './edition-changes.controller.js';
import { EditionChangesService } from './edition-changes.service.js';
import { EditionsController } from './editions.controller.js';
import { EditionsService } from './editions.service.js';
import { DeadlineReminders } from './deadline-reminders.service.js';
import { PhaseScheduler } from './phase-scheduler.service.js';

@Module({
  controllers: [EditionsController, EditionChangesController],
  providers: [EditionsService, EditionChangesService, DeadlineReminders, PhaseScheduler],
  exports: [EditionsService],
})
export class EditionsModule {}
