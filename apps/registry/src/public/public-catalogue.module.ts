import { Module } from '@nestjs/common';
import { RedisRateLimitStore } from '@lumbung/platform';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { RegionsModule } from '../regions/regions.module.js';
import { PublicAddressRateLimitGuard } from './public-address-rate-limit.guard.js';
import { PublicCatalogueController } from './public-catalogue.controller.js';
import { PublicCatalogueService } from './public-catalogue.service.js';

/** The catalogue anyone may read without signing in (issue 17). */
@Module({
  imports: [InnovationsModule, AgenciesModule, RegionsModule],
  controllers: [PublicCatalogueController],
  providers: [PublicCatalogueService, PublicAddressRateLimitGuard, RedisRateLimitStore],
})
export class PublicCatalogueModule {}
