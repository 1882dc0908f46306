import { Module } from '@nestjs/common';
import { ForwardingModule } from '../forwarding/forwarding.module.js';
import { NominationImportsService } from './nomination-imports.service.js';

@Module({
  imports: [ForwardingModule],
  providers: [NominationImportsService],
  exports: [NominationImportsService],
})
export class ImportsModule {}
