import type { MigrationClass } from '@lumbung/platform';
import { CreateReplicationRequests1732300020000 } from './1732300020000-create-replication-requests.js';
import { Reminders1765900000100 } from './1765900000100-reminders.js';
import { RequestDocuments1765900000700 } from './1765900000700-request-documents.js';

/** In order of their timestamps, after the messaging tables and the innovation view. */
export const REPLICATION_MIGRATIONS: MigrationClass[] = [CreateReplicationRequests1732300020000, Reminders1765900000100, RequestDocuments1765900000700];
