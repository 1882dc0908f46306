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
import { RequestDocumentsService } from './request-documents.service.js';

const uuid = (name: string) => Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) }));
const WRITERS = ['agency-staff', 'region-admin', 'province-admin', 'national-admin'] as const;

@ApiTags('replication-requests')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class RequestDocumentsController {
  constructor(private readonly documents: RequestDocumentsService) {}

  @Post('replication-requests/:id/documents')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Attach a document to a replication request (PDF, JPEG, PNG, DOCX or XLSX, by content); emits replication.document-added',
    description:
      "multipart/form-data with the field `indicator` first (surat-minat, mou, pks, laporan-kemajuan, evaluasi, or another), then one part `file`. By the origin's or the adopter's people while the request is open. Streamed to storage with its SHA-256; refused files leave nothing stored.",
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['indicator', 'file'], properties: { indicator: { type: 'string', maxLength: 100 }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'No file, an empty file, a bad file name or no indicator, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not the origin's or the adopter's people" })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The request is closed (completed, declined, withdrawn or cancelled)' })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Larger than DOCUMENTS_MAX_BYTES (document.too-large)' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponse, description: 'Not an allowed type by its content (document.type-not-allowed)' })
  async upload(@Actor() ctx: CommandContext, @uuid('id') id: string, @Req() req: FastifyRequest): Promise<DocumentView> {
    return this.documents.upload(ctx, id, await readUpload(req));
  }

  @Get('replication-requests/:id/documents')
  @ApiOperation({ summary: "A replication request's documents (metadata); for its parties and overseers" })
  @ApiOkResponse({ type: [DocumentView] })
  @ApiNotFoundResponse({ type: ErrorResponse })
  list(@Actor() ctx: CommandContext, @uuid('id') id: string): Promise<DocumentView[]> {
    return this.documents.list(ctx.actor, id);
  }

  @Get('replication-documents/:documentId')
  @ApiOperation({ summary: "Download a replication request's document: its parties and overseers" })
  @ApiProduces(...['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'])
  @ApiOkResponse({ description: 'The bytes, with their type decided at upload and the uploaded name as the attachment name' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such document, or one of a request the caller may not read' })
  async download(@Actor() ctx: CommandContext, @uuid('documentId') documentId: string, @Res() reply: FastifyReply): Promise<void> {
    const { view, body } = await this.documents.download(ctx.actor, documentId);
    await sendDocument(reply, view, body);
  }

  @Delete('replication-requests/:id/documents/:documentId')
  @HttpCode(204)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Take a document off an open replication request; its row stays (who, when), its bytes are deleted; emits replication.document-removed' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The request is closed (completed, declined, withdrawn or cancelled)' })
  async remove(@Actor() ctx: CommandContext, @uuid('id') id: string, @uuid('documentId') documentId: string): Promise<void> {
    await this.documents.remove(ctx, id, documentId);
  }
}
