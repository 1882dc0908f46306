import { Controller, Module, type DynamicModule } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { createHttpApp, migrateSchema, PlatformModule, ServiceEnv, validateEnv } from '@lumbung/platform';
import { connectEventConsumer, MESSAGING_ENTITIES, MESSAGING_MIGRATIONS, MessagingModule, type ReceivedEvent } from '../src/index.js';

/**
 * A service with nothing but the messaging lib and one handler, posing as "registry" because a
 * consumer needs an inbox queue of the topology. The handler's effect is a row per event, so a
 * test can count effects; `failNext` makes it fail transiently.
 */
export const handlerControl = { failNext: 0, calls: 0 };

@Controller()
class EffectHandler {
  @EventPattern('replication.completed')
  async handle(@Payload() event: ReceivedEvent<'replication.completed'>): Promise<void> {
    handlerControl.calls++;
    if (handlerControl.failNext > 0) {
      handlerControl.failNext--;
      throw new Error('transient failure (test)');
    }
    await event.manager.query(`INSERT INTO "registry"."test_effect" (event_id, request_id) VALUES ($1, $2)`, [
      event.envelope.id,
      event.payload.requestId,
    ]);
  }

  /** The real registry also takes these (a juror account's editions); here they only need a handler. */
  @EventPattern('competition.juror-assigned')
  async jurorAssigned(@Payload() _event: unknown): Promise<void> {}

  @EventPattern('competition.juror-removed')
  async jurorRemoved(@Payload() _event: unknown): Promise<void> {}
}

@Module({})
class MessagingTestModule {
  static forRoot(env: ServiceEnv): DynamicModule {
    return {
      module: MessagingTestModule,
      imports: [
        PlatformModule.forRoot({
          service: 'registry',
          env,
          database: { schema: 'registry', entities: MESSAGING_ENTITIES, migrations: MESSAGING_MIGRATIONS },
        }),
        MessagingModule,
      ],
      controllers: [EffectHandler],
    };
  }
}

export async function createMessagingTestApp(source: Record<string, string | undefined>) {
  const env = validateEnv(ServiceEnv, { PORT: '0', ...source });
  const app = await createHttpApp(MessagingTestModule.forRoot(env) as never, { title: 'messaging test', description: 'test' });
  const dataSource = app.get(DataSource);
  await migrateSchema(dataSource, 'registry');
  await dataSource.query(`CREATE TABLE IF NOT EXISTS "registry"."test_effect" (event_id uuid PRIMARY KEY, request_id uuid NOT NULL)`);
  connectEventConsumer(app);
  await app.startAllMicroservices();
  return { app, env };
}
