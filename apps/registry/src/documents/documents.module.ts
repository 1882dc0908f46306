import { Module } from '@nestjs/common';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { InnovationDocumentsController } from './innovation-documents.controller.js';
import { InnovationDocumentsService } from './innovation-documents.service.js';

@Module({
  imports: [InnovationsModule],
  controllers: [InnovationDocumentsController],
  providers: [InnovationDocumentsService],
})
export class DocumentsModule {}
