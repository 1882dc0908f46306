import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RegionsModule } from '../regions/regions.module.js';
import { AccountAudit } from './account-audit.entity.js';
import { Account } from './account.entity.js';
import { AccountsController } from './accounts.controller.js';
import { AccountsService } from './accounts.service.js';
import { JurorEventsHandler } from './juror-events.handler.js';
import { JwksController } from './jwks.controller.js';
import { OidcController } from './oidc.controller.js';
import { OidcService } from './oidc.service.js';
import { RefreshToken } from './refresh-token.entity.js';
import { SignInThrottle } from './sign-in-throttle.js';

@Module({
  imports: [TypeOrmModule.forFeature([Account, RefreshToken, AccountAudit]), RegionsModule],
  controllers: [AccountsController, OidcController, JwksController, JurorEventsHandler],
  providers: [AccountsService, OidcService, SignInThrottle],
  exports: [AccountsService],
})
export class AccountsModule {}
