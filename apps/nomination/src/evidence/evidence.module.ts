import { Module } from '@nestjs/common';
import { ReplicationCompletedHandler } from './replication-completed.handler.js';

@Module({ controllers: [ReplicationCompletedHandler] })
export class EvidenceModule {}
