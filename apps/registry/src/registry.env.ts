import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { DEV_SIGNING_KEY, parseSigningKeys, ServiceEnv, type SigningKey } from '@lumbung/platform';

export class RegistryEnv extends ServiceEnv {
  @Type(() => Number) @IsInt() @Min(0) @Max(65535)
  override PORT = 3001;

  /**
   * The accounts side's private signing keys, a JSON array of EC P-256 JWKs with a kid each: the
   * first signs, all are published at /.well-known/jwks.json. Required in production; elsewhere
   * the development key signs. docs/security.md says how to make and rotate them.
   */
  @IsOptional() @IsString()
  ACCOUNTS_SIGNING_KEYS?: string;

  /** Life of an access token; short, since a token cannot be recalled once handed out. */
  @Type(() => Number) @IsInt() @Min(60) @Max(900)
  ACCESS_TOKEN_SECONDS = 900;

  /** A refresh token not used for this long ends its session. */
  @Type(() => Number) @IsInt() @Min(1) @Max(90)
  REFRESH_TOKEN_DAYS = 14;

  /**
   * Where the browser sends the refresh cookie back to: the accounts' path on the console's origin
   * (the front door serves the accounts under /api/accounts).
   */
  @IsString()
  ACCOUNTS_COOKIE_PATH = '/api/accounts';

  /** How long an account or address stays locked after too many failed sign-ins; the lock ends by itself. */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  SIGN_IN_LOCK_SECONDS = 900;

  private signingKeys?: SigningKey[];

  override ownSigningKeys(): SigningKey[] {
    if (this.signingKeys) return this.signingKeys;
    if (this.ACCOUNTS_SIGNING_KEYS) return (this.signingKeys = parseSigningKeys(this.ACCOUNTS_SIGNING_KEYS));
    return this.NODE_ENV === 'production' ? [] : [DEV_SIGNING_KEY];
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems().filter((p) => !p.startsWith('ACCOUNTS_JWKS_URL'));
    if (!this.ACCOUNTS_SIGNING_KEYS) problems.push('ACCOUNTS_SIGNING_KEYS is required in production: the keys access tokens are signed with');
    return problems;
  }
}
