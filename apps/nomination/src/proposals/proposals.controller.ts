import { Controller, Get, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ErrorResponse } from '@lumbung/contracts';
import { Actor, fileStem, type CommandContext } from '@lumbung/platform';
import { EntryId } from '../entries/entries.controller.js';
import { EntriesService } from '../entries/entries.service.js';
import { RegionNames } from '../regions/region-names.js';
import { kippProposal, type KippProposal } from './kipp-proposal.js';
import { proposalDocx, proposalPdf } from './proposal-documents.js';

const PDF = 'application/pdf';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const LAYOUT = "In the layout of the national KIPP proposal (kelompok umum, 2023): identity, then the eight aspects with their weights, filled from the entry's snapshot of the innovation; aspects the record does not hold say they are for the proposer to write.";

@ApiTags('entries')
@Controller('entries')
export class ProposalsController {
  constructor(
    private readonly entries: EntriesService,
    private readonly regions: RegionNames,
  ) {}

  @Get(':id/proposal.pdf')
  @ApiOperation({ summary: "An entry's proposal as PDF", description: LAYOUT })
  @ApiProduces(PDF)
  @ApiOkResponse({ description: 'The PDF, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async pdf(@Actor() ctx: CommandContext, @EntryId() id: string, @Res() reply: FastifyReply): Promise<void> {
    const proposal = await this.proposal(ctx, id);
    await reply.headers({ 'content-type': PDF, 'content-disposition': `attachment; filename="proposal-${fileStem(proposal.title)}.pdf"` }).send(await proposalPdf(proposal));
  }

  @Get(':id/proposal.docx')
  @ApiOperation({ summary: "An entry's proposal as DOCX, to finish in a word processor", description: LAYOUT })
  @ApiProduces(DOCX)
  @ApiOkResponse({ description: 'The DOCX, as an attachment' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiUnauthorizedResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async docx(@Actor() ctx: CommandContext, @EntryId() id: string, @Res() reply: FastifyReply): Promise<void> {
    const proposal = await this.proposal(ctx, id);
    await reply.headers({ 'content-type': DOCX, 'content-disposition': `attachment; filename="proposal-${fileStem(proposal.title)}.docx"` }).send(await proposalDocx(proposal));
  }

  private async proposal(ctx: CommandContext, id: string): Promise<KippProposal> {
    const entry = await this.entries.detail(ctx.actor, id);
    return kippProposal(entry, this.regions.name(entry.regionCode) ?? entry.regionCode);
  }
}
