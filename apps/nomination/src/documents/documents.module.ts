import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module.js';
import { EntryDocumentsController } from './entry-documents.controller.js';
import { EntryDocumentsService } from './entry-documents.service.js';

@Module({
  imports: [EntriesModule],
  controllers: [EntryDocumentsController],
  providers: [EntryDocumentsService],
})
export class DocumentsModule {}
