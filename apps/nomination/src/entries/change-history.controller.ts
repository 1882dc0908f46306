import { Controller, Get, NotFoundException } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ChangeHistoryEntry, ErrorResponse } from '@lumbung/contracts';
import { Actor, readChanges, Roles, type CommandContext } from '@lumbung/platform';
import { assertCanRun } from '../editions/edition-access.js';
import { Edition } from '../editions/edition.entity.js';
import { EditionId } from '../editions/editions.controller.js';
import { EntryId } from './entries.controller.js';
import { Entry } from './entry.entity.js';

const ADMINS = ['region-admin', 'province-admin', 'national-admin', 'service'] as const;

/**
 * The audit of an edition (created, rules and schedule changes, phases, the decision) and of an
 * entry (admission, rejection, forwarding, the national result), each field before and after, for
 * the admins who run the edition.
 */
@ApiTags('editions')
@ApiUnauthorizedResponse({ type: ErrorResponse, description: 'No token, or a bad one' })
@Controller()
export class ChangeHistoryController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('editions/:id/history')
  @Roles(...ADMINS)
  @ApiOperation({ summary: "An edition's changes, oldest first: who, when, why, and each field before and after; for the admins who run it" })
  @ApiOkResponse({ type: [ChangeHistoryEntry] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An id that is not a UUID' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async edition(@Actor() ctx: CommandContext, @EditionId() id: string): Promise<ChangeHistoryEntry[]> {
    const edition = await this.dataSource.getRepository(Edition).findOneBy({ id });
    if (!edition) throw new NotFoundException(`No edition ${id}`);
    assertCanRun(ctx.actor, edition);
    return readChanges(this.dataSource.manager, 'nomination', 'edition', id);
  }

  @Get('entries/:id/history')
  @Roles(...ADMINS)
  @ApiOperation({ summary: "An entry's admission, rejection, forwarding and national result, each field before and after; for the admins who run its edition" })
  @ApiOkResponse({ type: [ChangeHistoryEntry] })
  @ApiBadRequestResponse({ type: ErrorResponse, description: 'An id that is not a UUID' })
  @ApiForbiddenResponse({ type: ErrorResponse, description: "Not an admin of the edition's owner" })
  @ApiNotFoundResponse({ type: ErrorResponse })
  async entry(@Actor() ctx: CommandContext, @EntryId() id: string): Promise<ChangeHistoryEntry[]> {
    const entry = await this.dataSource.getRepository(Entry).findOne({ where: { id }, relations: { edition: true } });
    if (!entry?.edition) throw new NotFoundException(`No entry ${id}`);
    assertCanRun(ctx.actor, entry.edition);
    return readChanges(this.dataSource.manager, 'nomination', 'entry', id);
  }
}
