import type { MigrationClass } from '@lumbung/platform';
import { CreateAgenciesAndTypes1732300001000 } from './1732300001000-create-agencies-and-types.js';
import { CreateInnovations1732300002000 } from './1732300002000-create-innovations.js';
import { StoredSearchVector1732300004200 } from './1732300004200-stored-search-vector.js';
import { CreateAccounts1733400000000 } from './1733400000000-create-accounts.js';
import { InnovationContact1733500000000 } from './1733500000000-innovation-contact.js';
import { ComplianceCounts1733600000000 } from './1733600000000-compliance-counts.js';
import { InnovationNaturalKey1765600000000 } from './1765600000000-innovation-natural-key.js';
import { ImportJobs1765600001000 } from './1765600001000-import-jobs.js';
import { ChangeAudit1765800000000 } from './1765800000000-change-audit.js';
import { InnovationDocuments1765800000100 } from './1765800000100-innovation-documents.js';
import { Reminders1765900000200 } from './1765900000200-reminders.js';

/** In order of their timestamps. */
export const REGISTRY_MIGRATIONS: MigrationClass[] = [
  CreateAgenciesAndTypes1732300001000,
  CreateInnovations1732300002000,
  StoredSearchVector1732300004200,
  CreateAccounts1733400000000,
  InnovationContact1733500000000,
  ComplianceCounts1733600000000,
  InnovationNaturalKey1765600000000,
  ImportJobs1765600001000,
  ChangeAudit1765800000000,
  InnovationDocuments1765800000100,
  Reminders1765900000200,
];
