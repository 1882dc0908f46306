import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgencyEventsHandler } from './agency-events.handler.js';
import { AgencyProjection } from './agency-projection.service.js';
import { AgencyView } from './agency-view.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([AgencyView])],
  controllers: [AgencyEventsHandler],
  providers: [AgencyProjection],
  exports: [AgencyProjection],
})
export class AgenciesModule {}
