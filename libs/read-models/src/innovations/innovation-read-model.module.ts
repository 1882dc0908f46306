import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InnovationEventsHandler } from './innovation-events.handler.js';
import { InnovationProjection } from './innovation-projection.service.js';
import { InnovationView } from './innovation-view.entity.js';

/**
 * Import into a service that subscribes to innovation.*: list InnovationView among its entities and
 * CreateInnovationView1732300010000 among its migrations (after the messaging tables).
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([InnovationView])],
  controllers: [InnovationEventsHandler],
  providers: [InnovationProjection],
  exports: [InnovationProjection],
})
export class InnovationReadModelModule {}
