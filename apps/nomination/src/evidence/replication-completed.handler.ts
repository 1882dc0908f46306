import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { ReceivedEvent } from '@lumbung/messaging';
import { ReplicationEvidence } from './replication-evidence.entity.js';

/**
 * Records each completed replication of an innovation: judges weigh "already replicated" (the
 * national finalists are measured on it), and entries show how many replications their innovation has.
 */
@Controller()
export class ReplicationCompletedHandler {
  @EventPattern('replication.completed')
  async completed(@Payload() { payload, manager }: ReceivedEvent<'replication.completed'>): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(ReplicationEvidence)
      .values({
        requestId: payload.requestId,
        originInnovationId: payload.originInnovationId,
        originRegionCode: payload.originRegionCode,
        adopterRegionCode: payload.adopterRegionCode,
        adopterAgencyId: payload.adopterAgencyId,
        model: payload.model,
        benefitEvaluation: payload.benefitEvaluation ?? null,
        completedAt: new Date(payload.completedAt),
      })
      .orIgnore()
      .execute();
  }
}
