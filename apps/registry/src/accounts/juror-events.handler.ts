import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ReceivedEvent } from '@lumbung/messaging';
import { AccountsService } from './accounts.service.js';

/** A juror account's editions follow the nomination service's assignments, so its next token names them. */
@Controller()
export class JurorEventsHandler {
  constructor(private readonly accounts: AccountsService) {}

  @EventPattern('competition.juror-assigned')
  async assigned(@Payload() event: ReceivedEvent<'competition.juror-assigned'>): Promise<void> {
    await this.accounts.setJurorEdition(event.manager, event.payload.jurorId, event.payload.editionId, true);
  }

  @EventPattern('competition.juror-removed')
  async removed(@Payload() event: ReceivedEvent<'competition.juror-removed'>): Promise<void> {
    await this.accounts.setJurorEdition(event.manager, event.payload.jurorId, event.payload.editionId, false);
  }
}
