/** In order of their timestamps. */
import type { MigrationClass } from '@lumbung/platform';

export const REGISTRY_MIGRATIONS: MigrationClass[] = [];
