import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InnovationType } from './innovation-type.entity.js';
import { InnovationTypesController } from './innovation-types.controller.js';
import { InnovationTypesService } from './innovation-types.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([InnovationType])],
  controllers: [InnovationTypesController],
  providers: [InnovationTypesService],
  exports: [InnovationTypesService],
})
export class InnovationTypesModule {}
