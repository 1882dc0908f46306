import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentView, ErrorResponse } from '@lumbung/contracts';
import { Actor, invalidField, readUpload, Roles, sendDocument, type CommandContext } from '@lumbung/platform';
import { EntryDocumentsService } from './entry-documents.service.js';

const uuid = (name: string) => Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) }));
const WRITERS = ['agency-staff', 'region-admin', 'province-admin', 'national-admin'] as const;

@ApiTags('entries')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class EntryDocumentsController {
  constructor(private readonly documents: EntryDocumentsService) {}

  @Post('entries/:id/documents')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: "Attach an evidence document to an entry (PDF, JPEG, PNG, DOCX or XLSX, by content), for the edition's checklist or beside it; emits nomination.document-added",
    description:
      'multipart/form-data with the field `indicator` first (an indicator of the checklist, e.g. sk-inovasi), then one part `file`. By the entry\'s agency or its region\'s admins, while the entry is a draft or returned for correction. Streamed to storage with its SHA-256; refused files leave nothing stored.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['indicator', 'file'], properties: { indicator: { type: 'string', maxLength: 100 }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'No file, an empty file, a bad file name or no indicator, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the entry's agency or its region's admins" })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The entry is neither a draft nor returned for correction' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Larger than DOCUMENTS_MAX_BYTES (document.too-large)' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponse, description: 'Not an allowed type by its content (document.type-not-allowed)' })
  async upload(@Actor() ctx: CommandContext, @uuid('id') id: string, @Req() req: FastifyRequest): Promise<DocumentView> {
    return this.documents.upload(ctx, id, await readUpload(req));
  }

  @Get('entries/:id/documents')
  @ApiOperation({ summary: "An entry's evidence documents (metadata); for whoever may read the entry" })
  @ApiOkResponse({ type: [DocumentView] })
  @ApiNotFoundResponse({ type: ErrorResponse })
  list(@Actor() ctx: CommandContext, @uuid('id') id: string): Promise<DocumentView[]> {
    return this.documents.list(ctx.actor, id);
  }

  @Get('entry-documents/:documentId')
  @ApiOperation({ summary: "Download an entry's document: the same right as reading the entry (a draft's only by its agency)" })
  @ApiProduces(...['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'])
  @ApiOkResponse({ description: 'The bytes, with their type decided at upload and the uploaded name as the attachment name' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such document, or one of an entry the caller may not read' })
  async download(@Actor() ctx: CommandContext, @uuid('documentId') documentId: string, @Res() reply: FastifyReply): Promise<void> {
    const { view, body } = await this.documents.download(ctx.actor, documentId);
    await sendDocument(reply, view, body);
  }

  @Delete('entries/:id/documents/:documentId')
  @HttpCode(204)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Take a document off an entry (a draft or returned); its metadata stays in the audit, its bytes are deleted; emits nomination.document-removed' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The entry is neither a draft nor returned for correction' })
  async remove(@Actor() ctx: CommandContext, @uuid('id') id: string, @uuid('documentId') documentId: string): Promise<void> {
    await this.documents.remove(ctx, id, documentId);
  }
}
