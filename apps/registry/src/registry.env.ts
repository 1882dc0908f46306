import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
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

  /**
   * How long an import job's worker holds it without renewing (BullMQ's lock). A worker that dies
   * mid-file loses the job to another after this long; a live one renews it every half of it.
   */
  @Type(() => Number) @IsInt() @Min(1000) @Max(600_000)
  IMPORT_LOCK_MS = 30_000;

  /** How long an account or address stays locked after too many failed sign-ins; the lock ends by itself. */
  @Type(() => Number) @IsInt() @Min(1) @Max(86_400)
  SIGN_IN_LOCK_SECONDS = 900;

  /**
   * Single sign-on through a province's OpenID Connect provider (docs/security.md, "Single
   * sign-on"): its issuer URL, as its /.well-known/openid-configuration names it. Unset: no SSO.
   */
  @IsOptional() @Matches(/^https?:\/\/[^\s]+$/, { message: 'OIDC_ISSUER must be an http(s):// URL' })
  OIDC_ISSUER?: string;

  /** The registry's client at the provider; required with OIDC_ISSUER. */
  @ValidateIf((e: RegistryEnv) => !!e.OIDC_ISSUER) @IsString({ message: 'OIDC_CLIENT_ID is required with OIDC_ISSUER' })
  OIDC_CLIENT_ID?: string;

  /** The client's secret: the registry is a confidential client (the code is exchanged server-side). */
  @ValidateIf((e: RegistryEnv) => !!e.OIDC_ISSUER) @IsString({ message: 'OIDC_CLIENT_SECRET is required with OIDC_ISSUER' })
  OIDC_CLIENT_SECRET?: string;

  /**
   * The public URL of the callback as the browser reaches it through the front door, registered at
   * the provider, e.g. http://127.0.0.1:3000/api/accounts/oidc/callback.
   */
  @ValidateIf((e: RegistryEnv) => !!e.OIDC_ISSUER) @Matches(/^https?:\/\/[^\s]+$/, { message: 'OIDC_REDIRECT_URI must be the http(s):// URL of the callback, required with OIDC_ISSUER' })
  OIDC_REDIRECT_URI?: string;

  /** The label of the console's SSO button. */
  @IsString()
  OIDC_NAME = 'Single sign-on';

  /**
   * Where the browser goes after a successful SSO sign-in: a path of the console's origin or an
   * http(s) URL set by the operator (never taken from the request, so not an open redirect).
   */
  @Matches(/^(\/(?!\/)|https?:\/\/)/, { message: 'OIDC_AFTER_SIGN_IN_URL must be a path like / or an http(s):// URL' })
  OIDC_AFTER_SIGN_IN_URL = '/';

  /** Public catalogue reads (GET /public/…) per client address and RATE_LIMIT_WINDOW_SECONDS; 0: not limited. */
  @Type(() => Number) @IsInt() @Min(0)
  PUBLIC_RATE_LIMIT_PER_ADDRESS = 300;

  /**
   * Public catalogue reads one process runs at once: their bounded share of DATABASE_POOL_SIZE, so a
   * crawler waits on its own line and the signed-in service keeps the rest of the pool. The others
   * wait PUBLIC_QUEUE_MS, then get 503 with a Retry-After.
   */
  @Type(() => Number) @IsInt() @Min(1) @Max(50)
  PUBLIC_CONCURRENCY = 2;

  @Type(() => Number) @IsInt() @Min(0) @Max(60_000)
  PUBLIC_QUEUE_MS = 1000;

  /** How long a browser or a shared cache may keep a public answer (Cache-Control max-age). */
  @Type(() => Number) @IsInt() @Min(0) @Max(86_400)
  PUBLIC_MAX_AGE_SECONDS = 60;

  private signingKeys?: SigningKey[];

  override ownSigningKeys(): SigningKey[] {
    if (this.signingKeys) return this.signingKeys;
    if (this.ACCOUNTS_SIGNING_KEYS) return (this.signingKeys = parseSigningKeys(this.ACCOUNTS_SIGNING_KEYS));
    return this.NODE_ENV === 'production' ? [] : [DEV_SIGNING_KEY];
  }

  override productionProblems(): string[] {
    const problems = super.productionProblems().filter((p) => !p.startsWith('ACCOUNTS_JWKS_URL'));
    if (!this.ACCOUNTS_SIGNING_KEYS) problems.push('ACCOUNTS_SIGNING_KEYS is required in production: the keys access tokens are signed with');
    // Over plain http the ID token, the code and the client secret could be read or changed on the way.
    if (this.OIDC_ISSUER?.startsWith('http:')) problems.push('OIDC_ISSUER must be an https:// URL in production');
    if (this.OIDC_ISSUER && this.OIDC_REDIRECT_URI?.startsWith('http:')) problems.push('OIDC_REDIRECT_URI must be an https:// URL in production');
    return problems;
  }

  /**
   * From this day of each year (MM-DD, WIB), compliance.reminder names each region's agencies still
   * without an innovation that year, once per region and year. The fourth quarter by default.
   */
  @Matches(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, { message: 'COMPLIANCE_REMINDER_FROM must be a day of the year as MM-DD, such as 10-01' })
  COMPLIANCE_REMINDER_FROM = '10-01';

  /** How often due reminders are looked for; they are about calendar days, so an hour is plenty. */
  @Type(() => Number) @IsInt() @Min(50) @Max(86_400_000)
  REMINDER_TICK_MS = 3_600_000;
}
