import type { ServiceDatabase } from '@lumbung/platform';
import { MESSAGING_ENTITIES, MESSAGING_MIGRATIONS } from '@lumbung/messaging';
import { CreateInnovationView1732300010000, InnovationView } from '@lumbung/read-models';
import { REPLICATION_ENTITIES } from './replication.entities.js';
import { REPLICATION_MIGRATIONS } from './migrations/index.js';

export const REPLICATION_DATABASE: ServiceDatabase = {
  schema: 'replication',
  entities: [...MESSAGING_ENTITIES, InnovationView, ...REPLICATION_ENTITIES],
  migrations: [...MESSAGING_MIGRATIONS, CreateInnovationView1732300010000, ...REPLICATION_MIGRATIONS],
};
