import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPLICATION_STATUSES, ReplicationRequestSnapshot, type ReplicationStatus } from '../../events/replication.events.js';
import { PageInfo } from '../common.dto.js';

/** What a party can still do to a request; `nextActions` lists those open to the caller. */
export const REPLICATION_ACTIONS = ['accept', 'decline', 'sign-agreement', 'report-progress', 'implement', 'complete', 'withdraw', 'cancel'] as const;
export type ReplicationAction = (typeof REPLICATION_ACTIONS)[number];

export class ReplicationContactView {
  @ApiProperty() name: string;
  @ApiPropertyOptional({ nullable: true }) position: string | null;
  @ApiPropertyOptional({ nullable: true }) phone: string | null;
  @ApiPropertyOptional({ nullable: true }) email: string | null;
}

/** A request as its parties and overseers read it. `version` goes back in If-Match to change it safely. */
export class ReplicationRequestView extends ReplicationRequestSnapshot {
  @ApiProperty({ example: '33' }) originProvinceCode: string;
  @ApiProperty({ example: '33' }) adopterProvinceCode: string;
  @ApiProperty() reason: string;
  @ApiProperty() plan: string;
  @ApiProperty({ type: ReplicationContactView }) contact: ReplicationContactView;
  @ApiPropertyOptional({ nullable: true }) adaptationNotes: string | null;
  @ApiPropertyOptional({ nullable: true }) benefitEvaluation: string | null;
  @ApiPropertyOptional({ nullable: true }) originRetireReason: string | null;
  @ApiProperty({ description: 'True while the origin innovation is retired and the request is open' }) originRetired: boolean;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) answeredAt: string | null;
  @ApiProperty({ format: 'date-time', description: 'Last transition or progress report by a party' }) lastActivityAt: string;
  @ApiProperty({ description: "Open with no activity for the service's stalled threshold (or the list's days)" }) stalled: boolean;
  @ApiProperty({ type: [String], example: ['accept', 'decline'], description: 'What the caller may do now' }) nextActions: ReplicationAction[];
}

export class ReplicationRequestPage extends PageInfo {
  @ApiProperty({ type: [ReplicationRequestView] }) items: ReplicationRequestView[];
}

export class ReplicationTimelineEntry {
  @ApiProperty({ description: "The request's version after this step" }) version: number;
  @ApiProperty({ example: 'accept', description: 'request, an action, or origin-retired' }) action: string;
  @ApiPropertyOptional({ enum: REPLICATION_STATUSES, nullable: true }) fromStatus: ReplicationStatus | null;
  @ApiProperty({ enum: REPLICATION_STATUSES }) toStatus: ReplicationStatus;
  @ApiProperty({ description: 'Subject of the token (or event:<producer>) that made the step' }) actor: string;
  @ApiProperty({ example: 'region-admin' }) actorRole: string;
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiPropertyOptional({ nullable: true }) note: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The agreement, the progress report, the implementation or the evaluation recorded by this step' })
  details: Record<string, unknown> | null;
  @ApiProperty() correlationId: string;
}

export class ReplicationNetworkEntry {
  @ApiProperty({ format: 'uuid' }) requestId: string;
  @ApiProperty({ enum: REPLICATION_STATUSES }) status: ReplicationStatus;
  @ApiProperty() model: string;
  @ApiProperty({ example: '33.21' }) adopterRegionCode: string;
  @ApiProperty({ format: 'uuid' }) adopterAgencyId: string;
  @ApiProperty() adopterAgencyName: string;
  @ApiPropertyOptional({ nullable: true }) adopterInnovationName: string | null;
  @ApiProperty({ format: 'date-time' }) requestedAt: string;
  @ApiPropertyOptional({ format: 'date-time', nullable: true }) closedAt: string | null;
}

/** Who replicates an innovation, readable by any signed-in user: no contact details, reasons or plans. */
export class ReplicationNetwork {
  @ApiProperty({ format: 'uuid' }) innovationId: string;
  @ApiProperty() innovationName: string;
  @ApiProperty({ example: '33.19' }) regionCode: string;
  @ApiProperty({ example: { requested: 1, completed: 2 }, description: 'Requests per status' }) counts: Partial<Record<ReplicationStatus, number>>;
  @ApiProperty({ type: [ReplicationNetworkEntry], description: 'Oldest first' }) requests: ReplicationNetworkEntry[];
}
