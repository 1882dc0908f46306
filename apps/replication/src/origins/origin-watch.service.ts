import { Injectable, type OnModuleInit } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { OPEN_REPLICATION_STATUSES } from '@lumbung/contracts';
import { OutboxService } from '@lumbung/messaging';
import { InnovationProjection, type InnovationChange } from '@lumbung/read-models';
import { ReplicationRequest } from '../requests/replication-request.entity.js';
import { snapshotOf } from '../requests/replication-request.views.js';
import { ReplicationTimelineRow } from '../requests/replication-timeline.entity.js';

/**
 * Keeps requests in step with their origin innovation, in the transaction that projects the
 * registry's event: a renamed origin is renamed on its requests; a retired origin flags every
 * open request, records the step on its timeline and tells subscribers (replication.origin-retired),
 * so no request is left silently pointing at an innovation that is gone.
 */
@Injectable()
export class OriginWatch implements OnModuleInit {
  constructor(
    private readonly projection: InnovationProjection,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.projection.onChange((change, manager) => this.onOriginChange(change, manager));
  }

  private async onOriginChange({ before, after, event }: InnovationChange, manager: EntityManager): Promise<void> {
    if (before && before.name !== after.name) {
      await manager.query(`UPDATE "replication"."replication_request" SET origin_innovation_name = $2 WHERE origin_innovation_id = $1`, [after.id, after.name]);
    }
    if (!after.retiredAt || before?.retiredAt) return;
    const open = await manager.find(ReplicationRequest, {
      where: { originInnovationId: after.id, status: In([...OPEN_REPLICATION_STATUSES]) },
      order: { requestedAt: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const retireReason = after.snapshot.retireReason ?? null;
    for (const request of open) {
      const now = new Date();
      request.originRetiredAt = after.retiredAt;
      request.originRetireReason = retireReason;
      request.version += 1;
      // Not a party's step: lastActivityAt stays, so a request nobody acts on still shows as stalled.
      request.updatedAt = now;
      await manager.update(
        ReplicationRequest,
        { id: request.id },
        { originRetiredAt: request.originRetiredAt, originRetireReason: retireReason, version: request.version, updatedAt: now },
      );
      await manager.insert(ReplicationTimelineRow, {
        requestId: request.id,
        version: request.version,
        action: 'origin-retired',
        fromStatus: request.status,
        toStatus: request.status,
        actor: event.context.actor.sub,
        actorRole: event.context.actor.role,
        at: now,
        note: retireReason,
        details: { retiredAt: after.retiredAt.toISOString(), registryEventId: event.envelope.id },
        correlationId: event.context.correlationId,
      });
      await this.outbox.append(manager, event.context, [
        {
          type: 'replication.origin-retired',
          aggregateId: request.id,
          aggregateVersion: request.version,
          payload: { request: snapshotOf(request), note: retireReason, retiredAt: after.retiredAt.toISOString(), retireReason },
        },
      ]);
    }
  }
}
