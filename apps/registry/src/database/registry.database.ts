import type { ServiceDatabase } from '@lumbung/platform';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@lumbung/messaging';
import { REGISTRY_ENTITIES } from './registry.entities.js';
import { REGISTRY_MIGRATIONS } from './migrations/index.js';

export const REGISTRY_DATABASE: ServiceDatabase = {
  schema: 'registry',
  entities: [...MESSAGING_ENTITIES, ...REGISTRY_ENTITIES],
  migrations: [...MESSAGING_MIGRATIONS, ...REGISTRY_MIGRATIONS],
};
