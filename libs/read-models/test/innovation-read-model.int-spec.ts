import { randomUUID } from 'node:crypto';
import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { INBOX_QUEUES, type EventEnvelope, type InnovationSnapshot } from '@lumbung/contracts';
import { createServiceApp, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS, MessagingModule } from '@lumbung/messaging';
import { PlatformModule, ServiceEnv } from '@lumbung/platform';
import { expectEventually, innovationEvent, innovationSnapshot, startService, type RunningService } from '@lumbung/testing';
import { CreateInnovationView1732300010000, InnovationProjection, InnovationReadModelModule, InnovationView } from '../src/index.js';

const database = { schema: 'replication', entities: [...MESSAGING_ENTITIES, InnovationView], migrations: [...MESSAGING_MIGRATIONS, CreateInnovationView1732300010000] };

/** The replication inbox also carries agency.*; the consumer refuses to start without a handler for each. */
@Controller()
class IgnoreAgencyEvents {
  @EventPattern('agency.registered') async registered(_event: unknown): Promise<void> {}
  @EventPattern('agency.renamed') async renamed(_event: unknown): Promise<void> {}
  @EventPattern('agency.retired') async retired(_event: unknown): Promise<void> {}
}

@Module({})
class ReadModelTestModule {
  static forRoot(env: ServiceEnv): DynamicModule {
    return {
      module: ReadModelTestModule,
      imports: [PlatformModule.forRoot({ service: 'replication', env, database }), MessagingModule, InnovationReadModelModule],
      controllers: [IgnoreAgencyEvents],
    };
  }
}

const definition = { service: 'replication' as const, env: ServiceEnv, module: ReadModelTestModule.forRoot, database, title: 't', description: 't' };

const snapshot = (id: string, version: number, changes: Partial<InnovationSnapshot> = {}) =>
  innovationSnapshot({ id, version, stage: 'uji-coba', implementedOn: null, ...changes });

describe('innovation read model (real PostgreSQL and Redis)', () => {
  let svc: RunningService;
  let inbox: Queue;
  let redis: Redis;
  let db: DataSource;

  beforeAll(async () => {
    svc = await startService((env) => createServiceApp(definition, env));
    db = svc.app.get(DataSource);
    redis = new Redis(svc.redis.url, { maxRetriesPerRequest: null });
    inbox = new Queue(INBOX_QUEUES.replication, { connection: redis, prefix: svc.redis.prefix });
  });
  afterAll(async () => {
    await inbox?.close();
    redis?.disconnect();
    await svc?.close();
  });

  const send = (e: EventEnvelope) => inbox.add(e.type, e, { jobId: e.id });
  const view = (id: string) => db.getRepository(InnovationView).findOneBy({ id });
  const handled = async (ids: string[]) =>
    expectEventually(async () => {
      const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM "replication"."inbox" WHERE event_id = ANY($1::uuid[])`, [ids]);
      expect(n).toBe(ids.length);
    });

  it('keeps the newest state when events arrive out of order, and ignores a stale one', async () => {
    const id = randomUUID();
    const v1 = innovationEvent('innovation.registered', snapshot(id, 1));
    const v2 = innovationEvent('innovation.stage-changed', snapshot(id, 2, { stage: 'penerapan', implementedOn: '2022-06-01' }), { fromStage: 'uji-coba', toStage: 'penerapan' });
    const v3 = innovationEvent('innovation.revised', snapshot(id, 3, { stage: 'penerapan', implementedOn: '2022-06-01', name: 'Jos Pakk 2.0' }), { changedFields: ['name'] });
    await send(v3);
    await handled([v3.id]);
    await send(v1);
    await send(v2);
    await handled([v1.id, v2.id]);
    expect(await view(id)).toMatchObject({ version: 3, name: 'Jos Pakk 2.0', stage: 'penerapan', retiredAt: null });
  });

  it('applies the same event delivered twice once, and tells listeners of each applied change', async () => {
    const changes: string[] = [];
    svc.app.get(InnovationProjection).onChange(async (change) => {
      changes.push(`${change.type}@${change.after.version}`);
    });
    const id = randomUUID();
    const registered = innovationEvent('innovation.registered', snapshot(id, 1));
    const retired = innovationEvent('innovation.retired', snapshot(id, 2, { retiredAt: '2023-01-01T00:00:00.000Z', retireReason: 'diganti' }), { reason: 'diganti' });
    await send(registered);
    await handled([registered.id]);
    await send(retired);
    await inbox.add(retired.type, retired, { jobId: `${retired.id}-redelivered` });
    await handled([retired.id]);
    await expectEventually(async () => expect((await inbox.getJob(`${retired.id}-redelivered`))?.finishedOn).toBeDefined());
    expect(await view(id)).toMatchObject({ version: 2, retiredAt: new Date('2023-01-01T00:00:00.000Z') });
    expect(changes).toEqual(['innovation.registered@1', 'innovation.retired@2']);
  });
});
