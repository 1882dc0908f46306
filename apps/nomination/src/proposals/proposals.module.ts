import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module.js';
import { ProposalsController } from './proposals.controller.js';

@Module({ imports: [EntriesModule], controllers: [ProposalsController] })
export class ProposalsModule {}
