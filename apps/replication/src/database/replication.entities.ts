import type { EntityClass } from '@lumbung/platform';
import { AgencyView } from '../agencies/agency-view.entity.js';
import { ReplicationRequest } from '../requests/replication-request.entity.js';
import { ReplicationTimelineRow } from '../requests/replication-timeline.entity.js';

/** Every entity of the replication schema of its own; the migration test checks the migrations create exactly these. */
export const REPLICATION_ENTITIES: EntityClass[] = [ReplicationRequest, ReplicationTimelineRow, AgencyView];
