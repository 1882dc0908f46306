import type { ServiceDatabase } from '@lumbung/platform';
import { CreateMessagingTables1732300000000, MESSAGING_ENTITIES } from '@lumbung/messaging';
import { REGISTRY_ENTITIES } from './registry.entities.js';
import { REGISTRY_MIGRATIONS } from './migrations/index.js';

export const REGISTRY_DATABASE: ServiceDatabase = {
  schema: 'registry',
  entities: [...MESSAGING_ENTITIES, ...REGISTRY_ENTITIES],
  migrations: [CreateMessagingTables1732300000000, ...REGISTRY_MIGRATIONS],
};
