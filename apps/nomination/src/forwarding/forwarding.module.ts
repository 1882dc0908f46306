import { Module } from '@nestjs/common';
import { EntriesModule } from '../entries/entries.module.js';
import { ForwardingController } from './forwarding.controller.js';
import { ForwardingService } from './forwarding.service.js';

@Module({
  imports: [EntriesModule],
  controllers: [ForwardingController],
  providers: [ForwardingService],
  exports: [ForwardingService],
})
export class ForwardingModule {}
