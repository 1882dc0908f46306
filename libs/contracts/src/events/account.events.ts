import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { ROLES, type Role } from '../enums/index.js';

/**
 * What consumers learn of an account: its id, role and scope. Never a name, an e-mail or anything
 * of a password: events are kept and replayed, and personal data does not belong in them.
 */
export class AccountSnapshot {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id: string;
  @ApiProperty() @IsInt() @Min(1) version: number;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() regionCode: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() provinceCode: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID() agencyId: string | null;
  @ApiProperty() active: boolean;
}

abstract class AccountEventPayload {
  @ApiProperty({ type: AccountSnapshot }) @IsObject() @ValidateNested() @Type(() => AccountSnapshot) account: AccountSnapshot;
}

/** account.created v1 */
export class AccountCreatedV1 extends AccountEventPayload {}
/** account.deactivated v1: by an admin, or because its agency was retired */
export class AccountDeactivatedV1 extends AccountEventPayload {
  @ApiProperty({ enum: ['admin', 'agency-retired'] }) @IsIn(['admin', 'agency-retired']) reason: 'admin' | 'agency-retired';
}
/** account.reactivated v1 */
export class AccountReactivatedV1 extends AccountEventPayload {}
/** account.password-reset v1: an admin gave the account a new one-time password */
export class AccountPasswordResetV1 extends AccountEventPayload {}
