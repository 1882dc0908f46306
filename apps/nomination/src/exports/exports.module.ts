import { Module } from '@nestjs/common';
import { TrackingModule } from '../tracking/tracking.module.js';
import { ExportsController } from './exports.controller.js';
import { NominationExportsService } from './nomination-exports.service.js';

@Module({
  imports: [TrackingModule],
  controllers: [ExportsController],
  providers: [NominationExportsService],
  exports: [NominationExportsService],
})
export class ExportsModule {}
