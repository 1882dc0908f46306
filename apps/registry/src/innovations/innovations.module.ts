import { Module } from '@nestjs/common';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { InnovationTypesModule } from '../innovation-types/innovation-types.module.js';

@Module({ imports: [AgenciesModule, InnovationTypesModule] })
export class InnovationsModule {}
