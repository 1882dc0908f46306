import { AccountCreatedV1, AccountDeactivatedV1, AccountPasswordResetV1, AccountReactivatedV1 } from './account.events.js';
import { AgencyRegisteredV1, AgencyRenamedV1, AgencyRetiredV1 } from './agency.events.js';
import { InnovationDocumentAddedV1, InnovationDocumentRemovedV1, InnovationRegisteredV1, InnovationRetiredV1, InnovationRevisedV1, InnovationStageChangedV1 } from './innovation.events.js';
import {
  ReplicationAcceptedV1,
  ReplicationAgreementSignedV1,
  ReplicationCancelledV1,
  ReplicationCompletedV1,
  ReplicationDocumentAddedV1,
  ReplicationDocumentRemovedV1,
  ReplicationDeclinedV1,
  ReplicationImplementedV1,
  ReplicationOriginRetiredV1,
  ReplicationProgressedV1,
  ReplicationRequestedV1,
  ReplicationWithdrawnV1,
} from './replication.events.js';
import {
  CompetitionCreatedV1,
  CompetitionDecidedV1,
  CompetitionJurorAssignedV1,
  CompetitionJurorRemovedV1,
  CompetitionOpenedV1,
  CompetitionPhaseChangedV1,
} from './competition.events.js';
import { CompetitionPanelsChangedV1, CompetitionRulesChangedV1, CompetitionScheduleChangedV1 } from './competition-changes.events.js';
import { CompetitionDeadlineApproachingV1, ComplianceReminderV1, ReplicationStalledV1 } from './reminder.events.js';
import {
  NominationAdmittedV1,
  NominationFinalistV1,
  NominationForwardedV1,
  NominationNationalResultV1,
  NominationNotSelectedV1,
  NominationObjectionFiledV1,
  NominationObjectionResolvedV1,
  NominationRejectedV1,
  NominationScoredV1,
  NominationSubmittedV1,
  NominationWonV1,
  NominationDraftedV1,
  NominationProposalChangedV1,
  NominationReturnedV1,
  NominationResubmittedV1,
  NominationWithdrawnV1,
  NominationDocumentAddedV1,
  NominationDocumentRemovedV1,
  NominationFieldCheckedV1,
} from './nomination.events.js';

export type ServiceName = 'registry' | 'replication' | 'nomination';

interface EventContract<P> {
  readonly version: number;
  readonly producer: ServiceName;
  readonly payload: new () => P;
  readonly summary: string;
}

/**
 * Every event type, with its current payload version and contract class. Producers validate
 * before writing the outbox row and consumers validate again before handling, because the
 * services deploy separately.
 *
 * WARNING: event type strings are a public contract read by outside subscribers. Never rename or
 * remove one, and never change a payload incompatibly without a new version and a migration plan.
 */
export const EVENT_CATALOG = {
  'innovation.registered': { version: 1, producer: 'registry', payload: InnovationRegisteredV1, summary: 'An innovation was registered' },
  'innovation.revised': { version: 1, producer: 'registry', payload: InnovationRevisedV1, summary: 'An innovation record was revised' },
  'innovation.stage-changed': { version: 1, producer: 'registry', payload: InnovationStageChangedV1, summary: 'An innovation moved to another stage' },
  'innovation.retired': { version: 1, producer: 'registry', payload: InnovationRetiredV1, summary: 'An innovation was retired' },
  'innovation.document-added': { version: 1, producer: 'registry', payload: InnovationDocumentAddedV1, summary: "An evidence document was attached to an innovation (metadata only; the document is the aggregate)" },
  'innovation.document-removed': { version: 1, producer: 'registry', payload: InnovationDocumentRemovedV1, summary: 'An evidence document was taken off an innovation (its metadata)' },
  'agency.registered': { version: 1, producer: 'registry', payload: AgencyRegisteredV1, summary: 'An agency (OPD) was registered' },
  'agency.renamed': { version: 1, producer: 'registry', payload: AgencyRenamedV1, summary: 'An agency was renamed' },
  'agency.retired': { version: 1, producer: 'registry', payload: AgencyRetiredV1, summary: 'An agency was retired' },
  'replication.requested': { version: 1, producer: 'replication', payload: ReplicationRequestedV1, summary: 'A region asked to replicate an innovation of another region' },
  'replication.accepted': { version: 1, producer: 'replication', payload: ReplicationAcceptedV1, summary: 'The origin region accepted a replication request' },
  'replication.declined': { version: 1, producer: 'replication', payload: ReplicationDeclinedV1, summary: 'The origin region declined a replication request' },
  'replication.agreement-signed': { version: 1, producer: 'replication', payload: ReplicationAgreementSignedV1, summary: 'The MoU and PKS of a replication were signed' },
  'replication.progressed': { version: 1, producer: 'replication', payload: ReplicationProgressedV1, summary: 'The adopter reported progress on a replication' },
  'replication.implemented': { version: 1, producer: 'replication', payload: ReplicationImplementedV1, summary: 'The adopter implemented the replicated innovation' },
  'replication.completed': { version: 1, producer: 'replication', payload: ReplicationCompletedV1, summary: 'A replication was completed and its benefit evaluated' },
  'replication.withdrawn': { version: 1, producer: 'replication', payload: ReplicationWithdrawnV1, summary: 'The adopter withdrew a replication request' },
  'replication.cancelled': { version: 1, producer: 'replication', payload: ReplicationCancelledV1, summary: 'A replication was cancelled' },
  'replication.origin-retired': { version: 1, producer: 'replication', payload: ReplicationOriginRetiredV1, summary: 'The origin innovation of an open replication request was retired' },
  'replication.document-added': { version: 1, producer: 'replication', payload: ReplicationDocumentAddedV1, summary: 'A party attached a document to a replication request (metadata only; the document is the aggregate)' },
  'replication.document-removed': { version: 1, producer: 'replication', payload: ReplicationDocumentRemovedV1, summary: 'A document was taken off a replication request (its metadata)' },
  'competition.created': { version: 1, producer: 'nomination', payload: CompetitionCreatedV1, summary: 'A competition edition was set up' },
  'competition.opened': { version: 1, producer: 'nomination', payload: CompetitionOpenedV1, summary: "A competition edition's submission window opened" },
  'competition.phase-changed': { version: 1, producer: 'nomination', payload: CompetitionPhaseChangedV1, summary: 'A competition edition moved to a later phase' },
  'competition.decided': { version: 1, producer: 'nomination', payload: CompetitionDecidedV1, summary: 'A competition edition named its winners' },
  'competition.juror-assigned': { version: 1, producer: 'nomination', payload: CompetitionJurorAssignedV1, summary: 'A juror was assigned to an edition' },
  'competition.juror-removed': { version: 1, producer: 'nomination', payload: CompetitionJurorRemovedV1, summary: 'A juror was removed from an edition' },
  'nomination.submitted': { version: 1, producer: 'nomination', payload: NominationSubmittedV1, summary: 'An innovation was entered into an edition, with its snapshot' },
  'nomination.admitted': { version: 1, producer: 'nomination', payload: NominationAdmittedV1, summary: 'An entry passed the administrative check' },
  'nomination.rejected': { version: 1, producer: 'nomination', payload: NominationRejectedV1, summary: 'An entry failed the administrative check' },
  'nomination.scored': { version: 1, producer: 'nomination', payload: NominationScoredV1, summary: "A juror's scores changed an entry's score" },
  'nomination.finalist': { version: 1, producer: 'nomination', payload: NominationFinalistV1, summary: 'An entry was named a finalist' },
  'nomination.objection-filed': { version: 1, producer: 'nomination', payload: NominationObjectionFiledV1, summary: 'An objection (sanggah) was filed against a finalist' },
  'nomination.objection-resolved': { version: 1, producer: 'nomination', payload: NominationObjectionResolvedV1, summary: 'An objection was upheld or dismissed' },
  'nomination.won': { version: 1, producer: 'nomination', payload: NominationWonV1, summary: 'An entry won, with its rank' },
  'nomination.not-selected': { version: 1, producer: 'nomination', payload: NominationNotSelectedV1, summary: 'An entry was not selected at the decision' },
  'nomination.forwarded': { version: 1, producer: 'nomination', payload: NominationForwardedV1, summary: "A winner was forwarded to the next level's edition" },
  'nomination.national-result': { version: 1, producer: 'nomination', payload: NominationNationalResultV1, summary: 'A national result (Top 99, Top 45, Terpuji) was recorded' },
  'nomination.drafted': { version: 1, producer: 'nomination', payload: NominationDraftedV1, summary: 'An agency started an entry as a draft (not seen by the jury)' },
  'nomination.proposal-changed': { version: 1, producer: 'nomination', payload: NominationProposalChangedV1, summary: 'The proposal of a draft or of an entry returned for correction changed' },
  'nomination.returned': { version: 1, producer: 'nomination', payload: NominationReturnedV1, summary: 'The administrative check returned an entry for correction, with a note and a deadline' },
  'nomination.resubmitted': { version: 1, producer: 'nomination', payload: NominationResubmittedV1, summary: 'An agency resubmitted its corrected entry within the deadline' },
  'nomination.withdrawn': { version: 1, producer: 'nomination', payload: NominationWithdrawnV1, summary: 'An agency withdrew its entry before the decision' },
  'nomination.field-checked': { version: 1, producer: 'nomination', payload: NominationFieldCheckedV1, summary: 'A juror recorded the field check (verifikasi lapangan) of a finalist' },
  'nomination.document-added': { version: 1, producer: 'nomination', payload: NominationDocumentAddedV1, summary: 'An evidence document was attached to an entry (metadata: id, indicator, name, type, size, SHA-256)' },
  'nomination.document-removed': { version: 1, producer: 'nomination', payload: NominationDocumentRemovedV1, summary: 'An evidence document was taken off an entry (its metadata)' },
  'account.created': { version: 1, producer: 'registry', payload: AccountCreatedV1, summary: 'An account was created (id, role and scope only)' },
  'account.deactivated': { version: 1, producer: 'registry', payload: AccountDeactivatedV1, summary: 'An account was deactivated; its sessions end' },
  'account.reactivated': { version: 1, producer: 'registry', payload: AccountReactivatedV1, summary: 'An account was reactivated' },
  'account.password-reset': { version: 1, producer: 'registry', payload: AccountPasswordResetV1, summary: 'An admin gave an account a new one-time password' },
  'competition.schedule-changed': { version: 1, producer: 'nomination', payload: CompetitionScheduleChangedV1, summary: "A competition edition's phases were extended or moved, with the old and new dates" },
  'competition.rules-changed': { version: 1, producer: 'nomination', payload: CompetitionRulesChangedV1, summary: "A competition edition's criteria, weights or eligibility changed before its window opened" },
  'competition.panels-changed': { version: 1, producer: 'nomination', payload: CompetitionPanelsChangedV1, summary: "A competition edition's jury was split into panels, or its panels changed" },
  'replication.stalled': { version: 1, producer: 'replication', payload: ReplicationStalledV1, summary: 'An open replication request has had no step by either party for the stalled period' },
  'compliance.reminder': { version: 1, producer: 'registry', payload: ComplianceReminderV1, summary: "A region's agencies still without an innovation this year, from the reminder date in the last quarter" },
  'competition.deadline-approaching': { version: 1, producer: 'nomination', payload: CompetitionDeadlineApproachingV1, summary: "A competition edition's phase window closes soon; for submission, the agencies without an entry" },
} as const satisfies Record<string, EventContract<object>>;

export type EventType = keyof typeof EVENT_CATALOG;
export type PayloadOf<T extends EventType> = InstanceType<(typeof EVENT_CATALOG)[T]['payload']>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_CATALOG, type);
}
