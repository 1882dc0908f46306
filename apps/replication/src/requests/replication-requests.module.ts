import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AgenciesModule } from '../agencies/agencies.module.js';
import { OriginWatch } from '../origins/origin-watch.service.js';
import { ReplicationListsService } from './replication-lists.service.js';
import { ReplicationRequest } from './replication-request.entity.js';
import { ReplicationRequestsController } from './replication-requests.controller.js';
import { ReplicationRequestsService } from './replication-requests.service.js';
import { ReplicationTimelineRow } from './replication-timeline.entity.js';
import { StalledReminders } from './stalled-reminders.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([ReplicationRequest, ReplicationTimelineRow]), AgenciesModule],
  controllers: [ReplicationRequestsController],
  providers: [ReplicationRequestsService, ReplicationListsService, OriginWatch, StalledReminders],
})
export class ReplicationRequestsModule {}
