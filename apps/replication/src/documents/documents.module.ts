import { Module } from '@nestjs/common';
import { RequestDocumentsController } from './request-documents.controller.js';
import { RequestDocumentsService } from './request-documents.service.js';

@Module({
  controllers: [RequestDocumentsController],
  providers: [RequestDocumentsService],
})
export class DocumentsModule {}
