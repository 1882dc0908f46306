import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsObject, IsOptional, IsString, IsUUID, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsRegionCode } from '../validation/index.js';

export class AgencySnapshot {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiProperty({ example: 'Dinas Kesehatan' }) @IsString() @MaxLength(200) name: string;
  @ApiProperty({ example: '33.19' }) @IsRegionCode() regionCode: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601() retiredAt: string | null;
}

abstract class AgencyEventPayload {
  @ApiProperty({ type: AgencySnapshot }) @IsObject() @ValidateNested() @Type(() => AgencySnapshot) agency: AgencySnapshot;
}

/** agency.registered v1 */
export class AgencyRegisteredV1 extends AgencyEventPayload {}
/** agency.renamed v1 */
export class AgencyRenamedV1 extends AgencyEventPayload {
  @ApiProperty() @IsString() @MaxLength(200) previousName: string;
}
/** agency.retired v1 */
export class AgencyRetiredV1 extends AgencyEventPayload {}
