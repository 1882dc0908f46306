import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@lumbung/messaging';
import { PlatformModule } from '@lumbung/platform';
import { AccountsModule } from './accounts/accounts.module.js';
import { AgenciesModule } from './agencies/agencies.module.js';
import { ComplianceModule } from './compliance/compliance.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { REGISTRY_DATABASE } from './database/registry.database.js';
import { ExportsModule } from './exports/exports.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { InnovationTypesModule } from './innovation-types/innovation-types.module.js';
import { InnovationsModule } from './innovations/innovations.module.js';
import { PublicCatalogueModule } from './public/public-catalogue.module.js';
import { RegionsModule } from './regions/regions.module.js';
import type { RegistryEnv } from './registry.env.js';
import { ReplicationsModule } from './replications/replications.module.js';

@Module({})
export class RegistryModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        PlatformModule.forRoot({ service: 'registry', env, database: REGISTRY_DATABASE }),
        MessagingModule,
        RegionsModule,
        AgenciesModule,
        InnovationTypesModule,
        InnovationsModule,
        DocumentsModule,
        PublicCatalogueModule,
        ComplianceModule,
        ReplicationsModule,
        AccountsModule,
        ImportsModule,
        ExportsModule,
      ],
    };
  }
}
