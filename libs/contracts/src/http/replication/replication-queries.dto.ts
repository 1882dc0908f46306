import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { REPLICATION_STATUSES, type ReplicationStatus } from '../../events/replication.events.js';
import { IsRegionCode } from '../../validation/index.js';

/** Paging and the status filter every list of requests shares. */
export class ReplicationListQuery {
  @ApiPropertyOptional({ enum: REPLICATION_STATUSES }) @IsOptional() @IsIn(REPLICATION_STATUSES) status?: ReplicationStatus;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200) @ValidateIf((_, v) => v !== '') cursor?: string;
}

export class IncomingRequestsQuery extends ReplicationListQuery {
  @ApiPropertyOptional({ example: '33.19', description: "The origin region; the caller's own by default" })
  @IsOptional() @IsRegionCode() region?: string;
}

export class OutgoingRequestsQuery extends ReplicationListQuery {
  @ApiPropertyOptional({ example: '33.21', description: "The adopter region; the caller's own by default" })
  @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this adopting agency' }) @IsOptional() @IsUUID() agency?: string;
}

export class StalledRequestsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'No activity for at least this many days; the service default (30) when absent' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(3650)
  days?: number;
  @ApiPropertyOptional({ example: '33.19', description: 'Requests this regency/city is a party to, as origin or adopter' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ example: '33', description: "Requests between this province's regions" }) @IsOptional() @IsRegionCode() province?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional() @IsString() @MaxLength(200) @ValidateIf((_, v) => v !== '') cursor?: string;
}
