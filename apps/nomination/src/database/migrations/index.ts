import type { MigrationClass } from '@lumbung/platform';
import { CreateInnovationView1732300010000 } from '@lumbung/read-models';
import { CreateCompetitions1732300030000 } from './1732300030000-create-competitions.js';
import { JurorDeclaredEmployment1764870000000 } from './1764870000000-juror-declared-employment.js';
import { EntryLifecycleProposalsCategories1765300000000 } from './1765300000000-entry-lifecycle-proposals-categories.js';
import { ChangeAudit1765800000000 } from './1765800000000-change-audit.js';
import { Reminders1765900000000 } from './1765900000000-reminders.js';
import { ScoreComments1765900000300 } from './1765900000300-score-comments.js';
import { FieldChecks1765900000400 } from './1765900000400-field-checks.js';
import { Panels1765900000500 } from './1765900000500-panels.js';
import { EntryDocuments1765900000600 } from './1765900000600-entry-documents.js';
import { ImportJobs1765900000800 } from './1765900000800-import-jobs.js';

/** In order of their timestamps; the shared innovation view comes from @lumbung/read-models. */
export const NOMINATION_MIGRATIONS: MigrationClass[] = [
  CreateInnovationView1732300010000,
  CreateCompetitions1732300030000,
  JurorDeclaredEmployment1764870000000,
  EntryLifecycleProposalsCategories1765300000000,
  ChangeAudit1765800000000,
  Reminders1765900000000,
  ScoreComments1765900000300,
  FieldChecks1765900000400,
  Panels1765900000500,
  EntryDocuments1765900000600,
  ImportJobs1765900000800,
];
