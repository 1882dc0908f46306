import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { EntriesModule } from '../entries/entries.module.js';
import { ScoringModule } from '../scoring/scoring.module.js';
import { JudgingController } from './judging.controller.js';
import { JudgingService } from './judging.service.js';

@Module({
  imports: [EditionsModule, EntriesModule, ScoringModule],
  controllers: [JudgingController],
  providers: [JudgingService],
})
export class JudgingModule {}
