import { Module } from '@nestjs/common';
import { InnovationsModule } from '../innovations/innovations.module.js';
import { ReplicationCompletedHandler } from './replication-completed.handler.js';

@Module({ imports: [InnovationsModule], controllers: [ReplicationCompletedHandler] })
export class ReplicationsModule {}
