import { Module } from '@nestjs/common';
import { EditionsModule } from '../editions/editions.module.js';
import { PanelsController } from './panels.controller.js';
import { PanelsService } from './panels.service.js';

@Module({
  imports: [EditionsModule],
  controllers: [PanelsController],
  providers: [PanelsService],
})
export class PanelsModule {}
