import { Global, Module } from '@nestjs/common';
import { RegionCatalog } from './region-catalog.service.js';
import { RegionsController } from './regions.controller.js';

@Global()
@Module({ controllers: [RegionsController], providers: [RegionCatalog], exports: [RegionCatalog] })
export class RegionsModule {}
