import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuthModule } from '../auth/auth.module.js';
import { databaseOptions, type ServiceDatabase } from '../database/database.options.js';
import { HealthModule } from '../health/health.module.js';
import { LoggingModule } from '../logging/logging.module.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { SecurityModule } from '../security/security.module.js';
import { runUnprepared } from '../database/prepared-statement.js';
import { SERVICE_NAME } from './service-name.js';
import { ServiceEnv } from './service-env.js';

export interface PlatformOptions {
  service: string;
  env: ServiceEnv;
  database: ServiceDatabase;
}

/**
 * Everything a service stands on: validated config, its database schema, auth, logs, metrics and
 * health. The env arrives validated from main.ts (or the test harness), never read ad hoc.
 */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    const { env, service, database } = options;
    return {
      module: PlatformModule,
      imports: [
        // skipProcessEnv: the validated object is the only source, so tests can boot several services in one process.
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, skipProcessEnv: true, load: [() => ({ ...env })] }),
        TypeOrmModule.forRoot(databaseOptions(env, database, `lumbung-${service}`)),
        LoggingModule.forRoot(service, env),
        AuthModule,
        SecurityModule.forRoot(env),
        MetricsModule,
        HealthModule,
      ],
      providers: [
        { provide: ServiceEnv, useValue: env },
        { provide: SERVICE_NAME, useValue: service },
        {
          provide: 'PREPARED_STATEMENTS',
          inject: [DataSource],
          useFactory: (dataSource: DataSource) => {
            if (!env.DATABASE_PREPARED_STATEMENTS) runUnprepared(dataSource);
            return env.DATABASE_PREPARED_STATEMENTS;
          },
        },
      ],
      exports: [ServiceEnv, SERVICE_NAME],
    };
  }
}
