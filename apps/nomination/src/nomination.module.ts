import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagingModule } from '@lumbung/messaging';
import { PlatformModule } from '@lumbung/platform';
import { InnovationReadModelModule } from '@lumbung/read-models';
import { NominationClock } from './clock/nomination-clock.js';
import { NOMINATION_DATABASE } from './database/nomination.database.js';
import { NOMINATION_ENTITIES } from './database/nomination.entities.js';
import { DocumentsModule } from './documents/documents.module.js';
import { EditionsModule } from './editions/editions.module.js';
import { EntriesModule } from './entries/entries.module.js';
import { EvidenceModule } from './evidence/evidence.module.js';
import { ForwardingModule } from './forwarding/forwarding.module.js';
import { ExportsModule } from './exports/exports.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { JudgingModule } from './judging/judging.module.js';
import type { NominationEnv } from './nomination.env.js';
import { PanelsModule } from './panels/panels.module.js';
import { ProposalsModule } from './proposals/proposals.module.js';
import { RegionNames } from './regions/region-names.js';
import { ScoringModule } from './scoring/scoring.module.js';
import { TrackingModule } from './tracking/tracking.module.js';

/** What every capability of the service shares: the clock, region names and the repositories. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature(NOMINATION_ENTITIES)],
  providers: [NominationClock, RegionNames],
  exports: [NominationClock, RegionNames, TypeOrmModule],
})
class NominationCoreModule {}

@Module({})
export class NominationModule {
  static forRoot(env: NominationEnv): DynamicModule {
    return {
      module: NominationModule,
      imports: [
        PlatformModule.forRoot({ service: 'nomination', env, database: NOMINATION_DATABASE }),
        MessagingModule,
        InnovationReadModelModule,
        NominationCoreModule,
        EvidenceModule,
        EditionsModule,
        EntriesModule,
        ScoringModule,
        PanelsModule,
        DocumentsModule,
        JudgingModule,
        ForwardingModule,
        TrackingModule,
        ImportsModule,
        ExportsModule,
        ProposalsModule,
      ],
    };
  }
}
