import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '../../enums/index.js';
import { IsRegionCode } from '../../validation/index.js';

export const ACCOUNT_NAME_MAX = 200;
export const EMAIL_MAX = 254;
/** NIST SP 800-63B: at least 8, and let people use long passphrases; 10 here, checked against common passwords too. */
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

const lowerTrimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
const trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().replace(/\s+/g, ' ') : value));
const toBool = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class SignInDto {
  @ApiProperty({ example: 'admin.kudus@example.go.id' })
  @IsString() @lowerTrimmed() @IsNotEmpty() @MaxLength(EMAIL_MAX)
  email: string;

  @ApiProperty({ format: 'password' })
  @IsString() @IsNotEmpty() @MaxLength(PASSWORD_MAX)
  password: string;

  @ApiPropertyOptional({ format: 'password', description: 'The new password, when the account still has a one-time password (403 auth.password-change-required)' })
  @IsOptional() @IsString() @MaxLength(PASSWORD_MAX)
  newPassword?: string;

  @ApiPropertyOptional({
    enum: ['cookie', 'body'],
    default: 'cookie',
    description: 'Where the refresh token goes: an httpOnly cookie (browsers), or the answer body (other programs)',
  })
  @IsOptional() @IsIn(['cookie', 'body'])
  refreshTokenIn?: 'cookie' | 'body';
}

export class RefreshDto {
  @ApiPropertyOptional({ description: 'The refresh token, for programs; browsers send the cookie instead' })
  @IsOptional() @IsString() @MaxLength(200)
  refreshToken?: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' }) @IsString() @IsNotEmpty() @MaxLength(PASSWORD_MAX) currentPassword: string;
  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN }) @IsString() @MaxLength(PASSWORD_MAX) newPassword: string;
}

export class CreateAccountDto {
  @ApiProperty({ example: 'Siti Rahayu', maxLength: ACCOUNT_NAME_MAX })
  @IsString() @trimmed() @IsNotEmpty() @MaxLength(ACCOUNT_NAME_MAX)
  name: string;

  @ApiProperty({ example: 'siti.rahayu@kuduskab.go.id' })
  @IsString() @lowerTrimmed() @MaxLength(EMAIL_MAX) @IsEmail({ require_tld: false })
  email: string;

  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;

  @ApiPropertyOptional({ example: '33.19', description: 'The regency/city of a region-admin or agency-staff' })
  @IsOptional() @IsRegionCode()
  region?: string;

  @ApiPropertyOptional({ example: '33', description: 'The province of a province-admin' })
  @IsOptional() @IsString() @Matches(/^\d{2}$/, { message: 'province must be a two-digit province code such as 33' })
  province?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The agency of an agency-staff account' })
  @IsOptional() @IsUUID()
  agency?: string;
}

export class ListAccountsQuery {
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional({ example: '33.19' }) @IsOptional() @IsRegionCode() region?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID() agency?: string;
  @ApiPropertyOptional({ default: false }) @IsOptional() @toBool() @IsBoolean() includeInactive?: boolean;
}

/** An account as the API shows it; never its password or hash. */
export class AccountView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiPropertyOptional({ type: String, nullable: true, example: '33.19' }) region: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: '33' }) province: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' }) agency: string | null;
  @ApiProperty({ type: [String] }) editions: string[];
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'The account still has a one-time password that must be changed at sign-in' }) mustChangePassword: boolean;
  @ApiProperty({ description: 'Signs in through the province identity provider' }) singleSignOn: boolean;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) lastSignInAt: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty() version: number;
}

/** A one-time password, shown once to the admin who created or reset the account. */
export class OneTimePasswordView {
  @ApiProperty({ type: AccountView }) account: AccountView;
  @ApiProperty({ description: 'Shown once; the account must change it at its first sign-in' }) oneTimePassword: string;
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
}

export class SessionView {
  @ApiProperty({ description: 'Bearer token for the APIs' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiPropertyOptional({ description: "Only when refreshTokenIn was 'body'" }) refreshToken?: string;
  @ApiProperty({ type: AccountView }) account: AccountView;
}

export class AccountAuditView {
  @ApiProperty() action: string;
  @ApiProperty() actorSub: string;
  @ApiProperty() actorRole: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'field → [before, after]' }) changes: Record<string, [unknown, unknown]>;
  @ApiProperty({ format: 'date-time' }) at: string;
}
