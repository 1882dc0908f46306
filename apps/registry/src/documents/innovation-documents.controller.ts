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
import type { MultipartFile } from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DocumentView, ErrorResponse } from '@lumbung/contracts';
import { Actor, invalidField, Roles, type CommandContext } from '@lumbung/platform';
import { InnovationDocumentsService } from './innovation-documents.service.js';

const uuid = (name: string) => Param(name, new ParseUUIDPipe({ exceptionFactory: () => invalidField(name, `${name} must be a UUID`) }));
const WRITERS = ['agency-staff', 'region-admin', 'province-admin', 'national-admin'] as const;

/** A form field's value, when the client sent it before the file (multipart is read in order). */
function fieldValue(file: MultipartFile, name: string): string | undefined {
  const field = file.fields[name];
  const one = Array.isArray(field) ? field[0] : field;
  return one && one.type === 'field' && typeof one.value === 'string' ? one.value : undefined;
}

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
    let file: MultipartFile | undefined;
    try {
      file = await req.file();
    } catch {
      file = undefined;
    }
    if (!file) throw invalidField('file', 'send multipart/form-data with one file part named file', 'document.no-file');
    const indicator = fieldValue(file, 'indicator')?.trim();
    if (!indicator || indicator.length > 100) {
      file.file.resume();
      throw invalidField('indicator', 'indicator (1-100 characters) must come before the file in the form', indicator ? 'field.max-length' : 'field.required');
    }
    const part = file;
    return this.documents.upload(ctx, id, { file: part.file, filename: part.filename, truncated: () => part.file.truncated, indicator });
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
    await reply
      .header('content-type', view.type)
      .header('content-length', String(view.size))
      // The stored name for the user's disk, quoted and encoded: never a path on ours.
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(view.name)}`)
      .header('x-content-sha256', view.sha256)
      .send(body);
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
