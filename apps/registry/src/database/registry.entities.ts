/** Every entity of the registry schema; the migration test checks the migrations create exactly these. */
import type { EntityClass } from '@lumbung/platform';

export const REGISTRY_ENTITIES: EntityClass[] = [];
