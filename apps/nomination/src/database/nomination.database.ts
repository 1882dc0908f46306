import type { ServiceDatabase } from '@lumbung/platform';
import { CreateMessagingTables1732300000000, MESSAGING_ENTITIES } from '@lumbung/messaging';
import { NOMINATION_MIGRATIONS } from './migrations/index.js';
import { NOMINATION_ENTITIES } from './nomination.entities.js';

export const NOMINATION_DATABASE: ServiceDatabase = {
  schema: 'nomination',
  entities: [...MESSAGING_ENTITIES, ...NOMINATION_ENTITIES],
  migrations: [CreateMessagingTables1732300000000, ...NOMINATION_MIGRATIONS],
};
