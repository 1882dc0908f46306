import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@lumbung/messaging';
import { PlatformModule } from '@lumbung/platform';
import { REGISTRY_DATABASE } from './database/registry.database.js';
import type { RegistryEnv } from './registry.env.js';
import { ReplicationsModule } from './replications/replications.module.js';

@Module({})
export class RegistryModule {
  static forRoot(env: RegistryEnv): DynamicModule {
    return {
      module: RegistryModule,
      imports: [PlatformModule.forRoot({ service: 'registry', env, database: REGISTRY_DATABASE }), MessagingModule, ReplicationsModule],
    };
  }
}
