import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { EntriesModule } from '../entries/entries.module.js';
import { ScoringController } from './scoring.controller.js';
import { ScoringService } from './scoring.service.js';

@Module({
  imports: [EditionsModule, EntriesModule],
  controllers: [ScoringController],
  providers: [ScoringService],
  exports: [ScoringService],
})
export class ScoringModule {}
