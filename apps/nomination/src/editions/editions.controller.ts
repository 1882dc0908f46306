import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  AdvancePhaseDto,
  AssignJurorDto,
  CreateEditionDto,
  DeclareEmploymentDto,
  EditionSnapshot,
  EditionView,
  ErrorResponse,
  JurorView,
  ListEditionsQuery,
} from '@lumbung/contracts';
import { Actor, invalidField, Roles, type CommandContext } from '@lumbung/platform';
import { editionSnapshot, jurorView } from './edition-views.js';
import { EditionsService } from './editions.service.js';

export const EditionId = () => Param('id', new ParseUUIDPipe({ exceptionFactory: () => invalidField('id', 'id must be a UUID') }));
export const ADMINS = ['region-admin', 'province-admin', 'national-admin', 'service'] as const;

@ApiTags('editions')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller('editions')
export class EditionsController {
  constructor(private readonly editions: EditionsService) {}

  @Post()
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Set up a competition edition (planned until its submission window opens); emits competition.created' })
  @ApiCreatedResponse({ type: EditionSnapshot })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Weights not summing to 100, a bad schedule, a wrong owner region…' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the owner region (national: a national admin)" })
  async create(@Actor() ctx: CommandContext, @Body() dto: CreateEditionDto): Promise<EditionSnapshot> {
    return editionSnapshot(await this.editions.create(ctx, dto));
  }

  @Get()
  @ApiOperation({ summary: 'Editions, newest year first' })
  @ApiOkResponse({ type: [EditionSnapshot] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed level, year or region, named by its field' })
  async list(@Query() query: ListEditionsQuery): Promise<EditionSnapshot[]> {
    return (await this.editions.list(query)).map(editionSnapshot);
  }

  @Get(':id')
  @ApiOperation({ summary: 'An edition: its level, owner region, phase and schedule' })
  @ApiOkResponse({ type: EditionView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse })
  get(@EditionId() id: string): Promise<EditionView> {
    return this.editions.view(id);
  }

  @Post(':id/phase')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Move the edition forward to a later scheduled phase (or closed); emits competition.phase-changed' })
  @ApiOkResponse({ type: EditionSnapshot })
  @ApiForbiddenResponse({ type: ErrorResponse })
  @ApiConflictResponse({ type: ErrorResponse, description: 'Backwards, the same phase, or a phase not in the schedule' })
  async advance(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: AdvancePhaseDto): Promise<EditionSnapshot> {
    return editionSnapshot(await this.editions.advance(ctx, id, dto.phase));
  }

  @Get(':id/jurors')
  @ApiOperation({ summary: 'The jurors assigned to an edition' })
  @ApiOkResponse({ type: [JurorView] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  async jurors(@EditionId() id: string): Promise<JurorView[]> {
    await this.editions.get(id);
    return (await this.editions.jurors(id)).map(jurorView);
  }

  @Post(':id/jurors')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Assign a juror (or update their declared employment); emits competition.juror-assigned' })
  @ApiCreatedResponse({ type: JurorView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A missing jurorId or name, or a malformed agencyId or regionCode, named by its field' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  @ApiConflictResponse({ type: ErrorResponse, description: 'The edition is decided' })
  async assignJuror(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: AssignJurorDto): Promise<JurorView> {
    return jurorView(await this.editions.assignJuror(ctx, id, dto));
  }

  @Delete(':id/jurors/:jurorId')
  @HttpCode(204)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Remove a juror; their scores stay on record, and from now on they see no scores, ranking or results before the decision; emits competition.juror-removed' })
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'A malformed id' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition, or not one of its jurors' })
  async removeJuror(@Actor() ctx: CommandContext, @EditionId() id: string, @Param('jurorId') jurorId: string): Promise<void> {
    await this.editions.removeJuror(ctx, id, jurorId);
  }

  @Put(':id/jurors/me/employment')
  @Roles('juror')
  @ApiOperation({
    summary: 'A juror declares an agency and/or region of employment: they cannot score its entries',
    description: 'Adds to the conflicts the admin recorded and to earlier declarations; nothing a juror declares removes a conflict. Emits competition.juror-assigned.',
  })
  @ApiOkResponse({ type: JurorView })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'Neither agencyId nor regionCode, or a malformed one' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: 'Not an assigned juror of the edition' })
  @ApiNotFoundResponse({ type: ErrorResponse, description: 'No such edition' })
  async declare(@Actor() ctx: CommandContext, @EditionId() id: string, @Body() dto: DeclareEmploymentDto): Promise<JurorView> {
    return jurorView(await this.editions.declareEmployment(ctx, id, dto));
  }
}
