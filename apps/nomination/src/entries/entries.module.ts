import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { ChangeHistoryController } from './change-history.controller.js';
import { EntriesController } from './entries.controller.js';
import { EntriesService } from './entries.service.js';

@Module({
  imports: [EditionsModule],
  controllers: [EntriesController, ChangeHistoryController],
  providers: [EntriesService],
  exports: [EntriesService],
})
export class EntriesModule {}
