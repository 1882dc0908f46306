import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
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
import { InnovationDocumentsService } from './innovation-documents.service.js';

const uuid = (name: string) => Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) }));
const WRITERS = ['agency-staff', 'region-admin', 'province-admin', 'national-admin'] as const;

@ApiTags('innovations')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class InnovationDocumentsController {
  constructor(private readonly documents: InnovationDocumentsService) {}

  @Post('innovations/:id/documents')
  @Roles(...WRITERS)
  @ApiOperation({
    summary: 'Attach an evidence document to an innovation (PDF, JPEG, PNG, DOCX or XLSX, by content)',
    description: 'multipart/form-data with the field `indicator` first, then one part `file`. Streamed to storage with its SHA-256; refused files leave nothing stored.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['indicator', 'file'], properties: { indicator: { type: 'string', maxLength: 100 }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: DocumentView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'No file, an empty file, a bad file name or no indicator, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not someone who may change this innovation' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiPayloadTooLargeResponse({ type: ErrorResponse, description: 'Larger than DOCUMENTS_MAX_BYTES (document.too-large)' })
  @ApiUnsupportedMediaTypeResponse({ type: ErrorResponse, description: 'Not an allowed type by its content (document.type-not-allowed)' })
  async upload(@Actor() ctx: CommandContext, @uuid('id') id: string, @Req() req: FastifyRequest): Promise<DocumentView> {
    return this.documents.upload(ctx, id, await readUpload(req));
  }

  @Get('innovations/:id/documents')
  @ApiOperation({ summary: "An innovation's evidence documents (metadata); any signed-in user" })
  @ApiOkResponse({ type: [DocumentView] })
  @ApiNotFoundResponse({ type: ErrorResponse })
  list(@uuid('id') id: string): Promise<DocumentView[]> {
    return this.documents.list(id);
  }

  @Get('documents/:documentId')
  @ApiOperation({ summary: 'Download a document: the same right as reading its innovation (any signed-in user, never without a token)' })
  @ApiProduces(...['application/pdf', 'image/jpeg', 'image/png', 'application/octet-stream'])
  @ApiOkResponse({ description: 'The bytes, with their type decided at upload and the uploaded name as the attachment name' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async download(@uuid('documentId') documentId: string, @Res() reply: FastifyReply): Promise<void> {
    const { view, body } = await this.documents.download(documentId);
    await sendDocument(reply, view, body);
  }

  @Delete('innovations/:id/documents/:documentId')
  @HttpCode(204)
  @Roles(...WRITERS)
  @ApiOperation({ summary: 'Take a document off an innovation; its metadata stays in the audit, its bytes are deleted' })
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async remove(@Actor() ctx: CommandContext, @uuid('id') id: string, @uuid('documentId') documentId: string): Promise<void> {
    await this.documents.remove(ctx, id, documentId);
  }
}
