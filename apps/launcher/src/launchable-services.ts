import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createRegistryApp } from '../../registry/src/registry.app.js';
import { createReplicationApp } from '../../replication/src/replication.app.js';
import { createNominationApp } from '../../nomination/src/nomination.app.js';

export type ServiceFactory = (env: Record<string, string | undefined>) => Promise<{ app: NestFastifyApplication }>;

export interface LaunchableService {
  name: string;
  /** Each service has its own schema in the one database, and its own port. */
  defaultPort: number;
  /** Environment variable that overrides the port, e.g. REGISTRY_PORT=4001 (0 picks a free one). */
  portVariable: string;
  create: ServiceFactory;
}

/**
 * The services `npm start` runs, in start order. A new service is one line here: its create
 * function builds it migrated and with its event consumer running, like createRegistryApp.
 */
export const LAUNCHABLE_SERVICES: readonly LaunchableService[] = [
  { name: 'registry', defaultPort: 3001, portVariable: 'REGISTRY_PORT', create: createRegistryApp },
  { name: 'replication', defaultPort: 3002, portVariable: 'REPLICATION_PORT', create: createReplicationApp },
  { name: 'nomination', defaultPort: 3003, portVariable: 'NOMINATION_PORT', create: createNominationApp },
];
