import type { MigrationClass } from '@lumbung/platform';
import { CreateAgenciesAndTypes1732300001000 } from './1732300001000-create-agencies-and-types.js';

/** In order of their timestamps. */
export const REGISTRY_MIGRATIONS: MigrationClass[] = [CreateAgenciesAndTypes1732300001000];
