import type { EntityClass } from '@lumbung/platform';
import { InnovationView } from '@lumbung/read-models';
import { EditionJuror } from '../editions/edition-juror.entity.js';
import { Edition } from '../editions/edition.entity.js';
import { EntryTimelineRow } from '../entries/entry-timeline.entity.js';
import { Entry } from '../entries/entry.entity.js';
import { ReplicationEvidence } from '../evidence/replication-evidence.entity.js';
import { Objection } from '../judging/objection.entity.js';
import { EditionPanel } from '../panels/edition-panel.entity.js';
import { FieldCheck, PresentationScore, Score } from '../scoring/score.entity.js';

/** Every entity of the nomination schema; the migration test checks the migrations create exactly these. */
export const NOMINATION_ENTITIES: EntityClass[] = [InnovationView, Edition, EditionJuror, Entry, EntryTimelineRow, Score, PresentationScore, FieldCheck, Objection, ReplicationEvidence, EditionPanel];
