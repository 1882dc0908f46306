import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import type { FastifyInstance } from 'fastify';
import { INBOX_QUEUES } from '@lumbung/contracts';
import { ServiceQueues } from '../metrics/service-queues.js';
import { SubscriberQueues } from '../outbox/subscriber-queues.js';
import { BOARD_ROUTE, loadBoardAdapter } from './board-adapter.js';
import { OperatorAccess } from './operator-access.js';

/**
 * Bull Board at /admin/board, for operators only (board-adapter.ts says how it is guarded).
 *
 * Mounted with @bull-board/api and its Fastify adapter directly rather than @bull-board/nestjs:
 * that module is CommonJS and require()s Nest 12's ES-module-only packages, and it would add
 * nothing here (it looks queues up as @nestjs/bullmq providers, which these are not).
 *
 * The queues are the service's own (the same list as its metrics and GET /admin/queues):
 * - its inbox can be operated, except retrying failed jobs: a failed job there is a dead letter,
 *   and POST /admin/dead-letters/:id/replay is what replays it and records that it was;
 * - another service's inbox is read-only: that service records its dead letters, so it is
 *   operated from that service's board;
 * - an outside subscriber's queue (EVENT_SUBSCRIBERS) has no Lumbung consumer keeping records,
 *   so the board is where its failed jobs are retried.
 */
@Injectable()
export class QueueBoard implements OnModuleInit {
  private readonly logger = new Logger('QueueBoard');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly access: OperatorAccess,
    private readonly queues: ServiceQueues,
    private readonly subscribers: SubscriberQueues,
  ) {}

  private adapters(): BullMQAdapter[] {
    return this.queues.list().map(({ queue, role }) => {
      const lumbungInbox = (Object.values(INBOX_QUEUES) as string[]).includes(queue.name);
      return new BullMQAdapter(queue, {
        readOnlyMode: role === 'publishes-to' && lumbungInbox,
        allowRetries: role !== 'inbox',
        description: role === 'inbox' ? 'Inbox of this service: replay its failed jobs from /admin/dead-letters' : 'Receives the events this service publishes',
      });
    });
  }

  async onModuleInit(): Promise<void> {
    const Adapter = await loadBoardAdapter(this.access);
    if (!Adapter) {
      this.logger.debug('Bull Board cannot load under this test runner; /admin/board is not served');
      return;
    }
    const serverAdapter = new Adapter();
    serverAdapter.setBasePath(BOARD_ROUTE);
    const board = createBullBoard({
      queues: this.adapters(),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Lumbung queues', hideDocsLink: true, miscLinks: [{ text: 'Sign out', url: `${BOARD_ROUTE}/logout` }] } },
    });
    // Registered during init, before the app listens, like Nest's own routes; not awaited: awaiting
    // a register here boots Fastify's plugin tree early, and Nest's error handler, set afterwards,
    // then never saw a body Fastify could not parse (a malformed JSON body got Fastify's own 400).
    // Subscribers are data: the board follows the list as operators add and remove them.
    this.subscribers.onChange(() => board.replaceQueues(this.adapters()));
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    void fastify.register(serverAdapter.registerPlugin(), { prefix: BOARD_ROUTE });
  }
}
