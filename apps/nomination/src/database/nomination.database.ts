import type { ServiceDatabase } from '@lumbung/platform';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@lumbung/messaging';
import { NOMINATION_MIGRATIONS } from './migrations/index.js';
import { NOMINATION_ENTITIES } from './nomination.entities.js';

export const NOMINATION_DATABASE: ServiceDatabase = {
  schema: 'nomination',
  entities: [...MESSAGING_ENTITIES, ...NOMINATION_ENTITIES],
  migrations: [...MESSAGING_MIGRATIONS, ...NOMINATION_MIGRATIONS],
};
