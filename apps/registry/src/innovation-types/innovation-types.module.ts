import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InnovationType } from './innovation-type.entity.js';
import { InnovationTypesService } from './innovation-types.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([InnovationType])],
  providers: [InnovationTypesService],
  exports: [InnovationTypesService],
})
export class InnovationTypesModule {}
