import { Module, type DynamicModule } from '@nestjs/common';
import { MessagingModule } from '@lumbung/messaging';
import { PlatformModule } from '@lumbung/platform';
import { InnovationReadModelModule } from '@lumbung/read-models';
import { AgenciesModule } from './agencies/agencies.module.js';
import { REPLICATION_DATABASE } from './database/replication.database.js';
import { ReplicationEnv } from './replication.env.js';
import { DocumentsModule } from './documents/documents.module.js';
import { ReplicationRequestsModule } from './requests/replication-requests.module.js';

@Module({})
export class ReplicationModule {
  static forRoot(env: ReplicationEnv): DynamicModule {
    return {
      module: ReplicationModule,
      global: true,
      imports: [
        PlatformModule.forRoot({ service: 'replication', env, database: REPLICATION_DATABASE }),
        MessagingModule,
        InnovationReadModelModule,
        AgenciesModule,
        ReplicationRequestsModule,
        DocumentsModule,
      ],
      providers: [{ provide: ReplicationEnv, useValue: env }],
      exports: [ReplicationEnv],
    };
  }
}
