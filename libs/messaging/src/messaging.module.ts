import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReadinessRegistry } from '@lumbung/platform';
import { AsyncApiController } from './asyncapi/asyncapi.controller.js';
import { MessagingAdminController } from './dead-letters/admin.controller.js';
import { DeadLetter } from './dead-letters/dead-letter.entity.js';
import { DeadLetterReplay } from './dead-letters/dead-letter-replay.entity.js';
import { DeadLetterService } from './dead-letters/dead-letter.service.js';
import { OperatorAccess } from './dashboard/operator-access.js';
import { QueueBoard } from './dashboard/queue-board.js';
import { InboxMessage } from './inbox/inbox-message.entity.js';
import { MessagingMetrics } from './metrics/messaging-metrics.js';
import { ServiceQueues } from './metrics/service-queues.js';
import { OutboxMessage } from './outbox/outbox-message.entity.js';
import { OutboxRelay } from './outbox/outbox-relay.service.js';
import { OutboxRetention } from './outbox/outbox-retention.service.js';
import { OutboxService } from './outbox/outbox.service.js';
import { OutboxWake } from './outbox/outbox-wake.js';
import { SubscriberQueues } from './outbox/subscriber-queues.js';
import { RedisConnections } from './redis/redis-connections.js';
import { BacklogGuard } from './subscriptions/backlog-guard.js';
import { EventReplays } from './subscriptions/event-replays.js';
import { SubscribersController } from './subscriptions/subscribers.controller.js';
import { EventConsumer } from './transport/event-consumer.js';
import { WebhookDeliverers } from './webhooks/webhook-deliverers.js';

export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage, DeadLetter, DeadLetterReplay];

@Global()
@Module({
  imports: [TypeOrmModule.forFeature(MESSAGING_ENTITIES)],
  controllers: [MessagingAdminController, SubscribersController, AsyncApiController],
  providers: [
    RedisConnections,
    SubscriberQueues,
    ServiceQueues,
    OutboxWake,
    OutboxService,
    OutboxRelay,
    OutboxRetention,
    BacklogGuard,
    EventReplays,
    DeadLetterService,
    EventConsumer,
    MessagingMetrics,
    OperatorAccess,
    QueueBoard,
    WebhookDeliverers,
  ],
  exports: [OutboxService, OutboxRelay, OutboxRetention, BacklogGuard, EventReplays, EventConsumer, DeadLetterService, SubscriberQueues, ServiceQueues, RedisConnections],
})
export class MessagingModule {
  constructor(readiness: ReadinessRegistry, queues: SubscriberQueues, redis: RedisConnections) {
    let probe: ReturnType<RedisConnections['producer']> | undefined;
    readiness.register('redis', async () => {
      probe ??= redis.probe();
      // BullMQ loses jobs silently when Redis evicts keys under memory pressure. Read from INFO, not
      // CONFIG GET, which managed Redis services (ElastiCache, Memorystore) refuse.
      const policy = /^maxmemory_policy:(\S+)/m.exec(await probe.info('memory'))?.[1] ?? 'not reported';
      if (policy !== 'noeviction') throw new Error(`Redis maxmemory-policy is ${policy}; BullMQ needs noeviction or jobs can be evicted`);
      return { maxmemoryPolicy: policy, queues: queues.subscriptions.length };
    });
  }
}
