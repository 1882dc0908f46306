import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { ForbiddenException, HttpException, HttpStatus, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, Repository, type EntityManager } from 'typeorm';
import type { AccountSnapshot, ErrorCode, AccountView, CreateAccountDto, ListAccountsQuery, Role, SessionView } from '@lumbung/contracts';
import { OutboxService, type NewEvent } from '@lumbung/messaging';
import { invalidField, ServiceEnv, signAccessToken, type CommandContext, type Principal } from '@lumbung/platform';
import type { RegistryEnv } from '../registry.env.js';
import { RegionCatalog } from '../regions/region-catalog.service.js';
import { AccountAudit } from './account-audit.entity.js';
import { mayManageAccount, scopeOfNewAccount, type AccountScope } from './account-rules.js';
import { Account } from './account.entity.js';
import { decoyHash, hashPassword, passwordMatches, passwordProblem } from './passwords.js';
import { RefreshToken } from './refresh-token.entity.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** How long a one-time password (a new account's, or after a reset) may wait for its first use. */
const ONE_TIME_PASSWORD_DAYS = 7;
/** No 0/O, 1/l/I: it is read off a screen and typed in. */
const OTP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** An error the console can explain: a stable code beside the message. */
export class AccountError extends HttpException {
  constructor(status: number, code: ErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super({ statusCode: status, code, message, ...extra }, status);
  }
}

const INACTIVE_ACCOUNT = () => new AccountError(HttpStatus.FORBIDDEN, 'auth.account-inactive', 'This account was deactivated; ask the admin of your region');
const INVALID_CREDENTIALS = () => new AccountError(HttpStatus.UNAUTHORIZED, 'auth.invalid-credentials', 'The e-mail or the password is wrong');

export function accountView(a: Account): AccountView {
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role as Role,
    region: a.role === 'juror' || a.role === 'service' ? null : a.regionCode,
    province: a.role === 'province-admin' ? a.provinceCode : null,
    agency: a.agencyId,
    editions: a.editions,
    active: a.active,
    mustChangePassword: a.passwordExpiresAt !== null,
    singleSignOn: a.oidcSubject !== null,
    lastSignInAt: a.lastSignInAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    version: a.version,
  };
}

const snapshotOf = (a: Account): AccountSnapshot => ({
  id: a.id,
  version: a.version,
  role: a.role as Role,
  regionCode: a.regionCode,
  provinceCode: a.provinceCode,
  agencyId: a.agencyId,
  active: a.active,
});

/** What a token says of an account: role, scope and the editions of a juror. */
export function principalOf(a: Account): Principal {
  const p: Principal = { sub: a.id, role: a.role as Role };
  if (a.role === 'region-admin' || a.role === 'agency-staff') p.region = a.regionCode!;
  if (a.role === 'agency-staff') p.agency = a.agencyId!;
  if (a.role === 'province-admin') p.province = a.provinceCode!;
  if (a.role === 'juror') p.editions = a.editions;
  return p;
}

/** An account's id is a uuid; other subjects (development and service tokens, jurors known by a name) are not accounts. */
const isAccountId = (sub: string) => /^[0-9a-f-]{36}$/i.test(sub);

export const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function oneTimePassword(): string {
  const groups = Array.from({ length: 4 }, () => Array.from({ length: 4 }, () => OTP_ALPHABET[randomInt(OTP_ALPHABET.length)]).join(''));
  return groups.join('-');
}

/** Who the province's identity provider says signed in, from its ID token (or UserInfo). */
export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
}

export interface IssuedSession {
  view: SessionView;
  refreshToken: string;
  refreshExpiresAt: Date;
}

@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly regions: RegionCatalog,
    private readonly throttle: SignInThrottle,
    @Inject(ServiceEnv) private readonly env: RegistryEnv,
  ) {}

  // ---- management -------------------------------------------------------------------------

  /**
   * An account with a one-time password for its owner; `origin: 'system'` (the first admin, the demo)
   * skips the manager check, and a `password` given there is the account's own, not one-time.
   */
  async create(ctx: CommandContext, dto: CreateAccountDto, origin: 'admin' | 'system' = 'admin', password?: string): Promise<{ account: Account; oneTimePassword: string; expiresAt: Date }> {
    const agencyRegion = dto.agency ? await this.activeAgencyRegion(dto.agency) : undefined;
    const scope = scopeOfNewAccount(ctx.actor, dto, agencyRegion);
    if ('field' in scope) throw invalidField(scope.field, scope.message);
    if (scope.regionCode && dto.role !== 'juror' && !this.regions.get(scope.regionCode)) throw invalidField('region', `No region ${scope.regionCode} in the Kemendagri codes`);
    if (scope.provinceCode && dto.role === 'province-admin' && !this.regions.get(scope.provinceCode)) throw invalidField('province', `No province ${scope.provinceCode}`);
    if (origin === 'admin') this.assertMayManage(ctx.actor, scope);

    const otp = password ?? oneTimePassword();
    const expiresAt = new Date(Date.now() + ONE_TIME_PASSWORD_DAYS * 86_400_000);
    const passwordHash = await hashPassword(otp);
    try {
      const account = await this.dataSource.transaction(async (manager) => {
        const account = await manager.save(
          manager.create(Account, {
            email: dto.email,
            name: dto.name,
            role: scope.role,
            regionCode: scope.regionCode,
            provinceCode: scope.provinceCode,
            agencyId: scope.agencyId,
            editions: [],
            active: true,
            passwordHash,
            passwordExpiresAt: password ? null : expiresAt,
            oidcIssuer: null,
            oidcSubject: null,
            createdBy: ctx.actor.sub,
            lastSignInAt: null,
            version: 1,
          }),
        );
        await this.record(manager, ctx, account, 'created', { role: [null, account.role], region: [null, account.regionCode], province: [null, account.provinceCode], agency: [null, account.agencyId] }, {
          type: 'account.created',
          payload: { account: snapshotOf(account) },
        });
        return account;
      });
      return { account, oneTimePassword: otp, expiresAt };
    } catch (err) {
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') {
        throw new AccountError(HttpStatus.CONFLICT, 'account.email-taken', `An account with the e-mail ${dto.email} already exists`, { field: 'email' });
      }
      throw err;
    }
  }

  /** The accounts the actor manages, narrowed by the query. */
  async list(actor: Principal, query: ListAccountsQuery): Promise<Account[]> {
    const rows = await this.accounts.find({ where: { ...(query.role ? { role: query.role } : {}), ...(query.region ? { regionCode: query.region } : {}), ...(query.agency ? { agencyId: query.agency } : {}), ...(query.includeInactive ? {} : { active: true }) }, order: { name: 'ASC' }, take: 2000 });
    return rows.filter((a) => a.id === actor.sub || mayManageAccount(actor, this.scopeOf(a)));
  }

  async get(actor: Principal, id: string): Promise<Account> {
    const account = await this.accounts.findOneBy({ id });
    if (!account || (account.id !== actor.sub && !mayManageAccount(actor, this.scopeOf(account)))) throw new NotFoundException(`No account ${id}`);
    return account;
  }

  async audit(actor: Principal, id: string): Promise<AccountAudit[]> {
    await this.get(actor, id);
    return this.dataSource.getRepository(AccountAudit).find({ where: { accountId: id }, order: { at: 'ASC', id: 'ASC' } });
  }

  async setActive(ctx: CommandContext, id: string, active: boolean): Promise<Account> {
    return this.dataSource.transaction(async (manager) => {
      const account = await this.lockManaged(manager, ctx.actor, id);
      if (account.id === ctx.actor.sub) throw new AccountError(HttpStatus.CONFLICT, 'account.self', 'You cannot deactivate or reactivate your own account');
      if (account.active === active) return account;
      if (active && account.agencyId && !(await this.activeAgencyRegion(account.agencyId, manager))) {
        throw new AccountError(HttpStatus.CONFLICT, 'account.agency-retired', 'The agency of this account was retired; it cannot be reactivated');
      }
      account.active = active;
      account.version += 1;
      await manager.save(account);
      if (!active) await this.revokeAllSessions(manager, account.id);
      await this.record(
        manager,
        ctx,
        account,
        active ? 'reactivated' : 'deactivated',
        { active: [!active, active] },
        active ? { type: 'account.reactivated', payload: { account: snapshotOf(account) } } : { type: 'account.deactivated', payload: { account: snapshotOf(account), reason: 'admin' } },
      );
      return account;
    });
  }

  async resetPassword(ctx: CommandContext, id: string): Promise<{ account: Account; oneTimePassword: string; expiresAt: Date }> {
    const otp = oneTimePassword();
    const passwordHash = await hashPassword(otp);
    const expiresAt = new Date(Date.now() + ONE_TIME_PASSWORD_DAYS * 86_400_000);
    const account = await this.dataSource.transaction(async (manager) => {
      const account = await this.lockManaged(manager, ctx.actor, id);
      if (account.id === ctx.actor.sub) throw new AccountError(HttpStatus.CONFLICT, 'account.self', 'Change your own password with PUT /accounts/me/password');
      account.passwordHash = passwordHash;
      account.passwordExpiresAt = expiresAt;
      account.version += 1;
      await manager.save(account);
      await this.revokeAllSessions(manager, account.id);
      await this.record(manager, ctx, account, 'password-reset', { password: ['***', '*** (one-time)'] }, { type: 'account.password-reset', payload: { account: snapshotOf(account) } });
      return account;
    });
    return { account, oneTimePassword: otp, expiresAt };
  }

  async changeOwnPassword(ctx: CommandContext, currentPassword: string, newPassword: string): Promise<void> {
    const account = isAccountId(ctx.actor.sub) ? await this.accounts.findOneBy({ id: ctx.actor.sub }) : null;
    if (!account || !account.active || !account.passwordHash || !(await passwordMatches(account.passwordHash, currentPassword))) {
      throw new AccountError(HttpStatus.FORBIDDEN, 'auth.wrong-password', 'The current password is wrong', { field: 'currentPassword' });
    }
    await this.setPassword(ctx, account, newPassword);
  }

  /** Same transaction as the retirement: staff of a retired agency can no longer sign in, and their sessions end. */
  async deactivateAgencyStaff(manager: EntityManager, ctx: CommandContext, agencyId: string): Promise<number> {
    const staff = await manager.find(Account, { where: { agencyId, active: true }, lock: { mode: 'pessimistic_write' } });
    for (const account of staff) {
      account.active = false;
      account.version += 1;
      await manager.save(account);
      await this.revokeAllSessions(manager, account.id);
      await this.record(manager, ctx, account, 'deactivated', { active: [true, false], reason: [null, 'agency-retired'] }, {
        type: 'account.deactivated',
        payload: { account: snapshotOf(account), reason: 'agency-retired' },
      });
    }
    return staff.length;
  }

  /** A juror's editions follow the nomination service's assignments; the next token carries them. */
  async setJurorEdition(manager: EntityManager, jurorId: string, editionId: string, assigned: boolean): Promise<void> {
    if (!isAccountId(jurorId)) return; // a juror known to nomination by a name, not an account
    await manager.query(
      assigned
        ? `UPDATE "registry"."account" SET editions = array_append(editions, $2), updated_at = now() WHERE id = $1 AND role = 'juror' AND NOT ($2 = ANY(editions))`
        : `UPDATE "registry"."account" SET editions = array_remove(editions, $2), updated_at = now() WHERE id = $1 AND role = 'juror'`,
      [jurorId, editionId],
    );
  }

  /** `npm start` on an empty database: the first national admin, whose one-time password is printed once. */
  async bootstrap(email: string): Promise<{ account: Account; oneTimePassword: string; expiresAt: Date } | undefined> {
    if ((await this.accounts.count()) > 0) return undefined;
    const system = { actor: { sub: 'system', role: 'national-admin' as const }, correlationId: `bootstrap-${randomUUID()}` };
    return this.create(system, { name: 'Admin Nasional', email, role: 'national-admin' }, 'system');
  }

  /** The demo's accounts, with passwords of their own so a visitor signs straight in; made once. */
  async ensureDemoAccount(dto: CreateAccountDto, password: string): Promise<Account> {
    const existing = await this.accounts.findOneBy({ email: dto.email });
    if (existing) return existing;
    // A juror belongs to the admin who makes it: the demo's jurors are Kudus's, so its admin (and
    // Central Java's, above it) can assign them to an edition in the console.
    const actor: Principal = dto.role === 'juror' && dto.region ? { sub: 'demo', role: 'region-admin', region: dto.region } : { sub: 'demo', role: 'national-admin' };
    const system = { actor, correlationId: `demo-${randomUUID()}` };
    return (await this.create(system, dto, 'system', password)).account;
  }

  // ---- sessions ---------------------------------------------------------------------------

  async signIn(email: string, password: string, newPassword: string | undefined, address: string): Promise<IssuedSession> {
    const lockedFor = await this.throttle.lockedFor(email, address);
    if (lockedFor > 0) throw this.locked(lockedFor);
    const account = await this.accounts.findOneBy({ email });
    const matches = account?.passwordHash ? await passwordMatches(account.passwordHash, password) : (await passwordMatches(await decoyHash(), password), false);
    if (!account || !matches) {
      const lock = await this.throttle.failed(email, address);
      if (lock > 0) throw this.locked(lock);
      throw INVALID_CREDENTIALS();
    }
    if (!account.active) throw INACTIVE_ACCOUNT();
    if (account.passwordExpiresAt) {
      if (account.passwordExpiresAt.getTime() < Date.now()) throw new AccountError(HttpStatus.UNAUTHORIZED, 'auth.one-time-password-expired', 'This one-time password has expired; ask your admin for a new one');
      if (!newPassword) throw new AccountError(HttpStatus.FORBIDDEN, 'auth.password-change-required', 'Choose a new password to replace the one-time password', { field: 'newPassword' });
      await this.setPassword({ actor: principalOf(account), correlationId: `signin-${randomUUID()}` }, account, newPassword);
    }
    await this.throttle.succeeded(email);
    return this.dataSource.transaction(async (manager) => {
      await manager.update(Account, { id: account.id }, { lastSignInAt: new Date() });
      return this.issue(manager, account, randomUUID());
    });
  }

  /**
   * Exchanges a refresh token for a new pair. A token used twice means it was copied: the whole
   * session family is revoked, so both the thief and the owner must sign in again (OAuth 2.0
   * Security BCP, refresh token rotation).
   */
  async refresh(token: string | undefined): Promise<IssuedSession> {
    if (!token) throw new AccountError(HttpStatus.UNAUTHORIZED, 'auth.no-session', 'No session: sign in');
    const tokenHash = sha256(token);
    const reused = await this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(RefreshToken, { where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw new AccountError(HttpStatus.UNAUTHORIZED, 'auth.no-session', 'This session is not known: sign in');
      if (row.usedAt || row.revokedAt) {
        await manager.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return row;
      }
      if (row.expiresAt.getTime() < Date.now()) throw new AccountError(HttpStatus.UNAUTHORIZED, 'auth.session-expired', 'The session expired: sign in again');
      const account = await manager.findOneBy(Account, { id: row.accountId });
      if (!account?.active) throw new AccountError(HttpStatus.UNAUTHORIZED, 'auth.account-inactive', 'This account was deactivated');
      row.usedAt = new Date();
      await manager.save(row);
      return this.issue(manager, account, row.familyId);
    });
    if (reused instanceof RefreshToken) {
      throw new AccountError(HttpStatus.UNAUTHORIZED, reused.revokedAt ? 'auth.session-revoked' : 'auth.refresh-token-reused', 'This session was ended; sign in again');
    }
    return reused;
  }

  /**
   * Single sign-on: the account linked to the provider's (issuer, subject) signs in. On a first
   * sign-in, the active account an admin created for the provider's verified e-mail is linked to it
   * first. Nobody gets an account by signing in: an admin creates it beforehand (or it stays 403).
   * A service account is never linked: it belongs to a program, not to a person at the provider.
   */
  async signInWithIdentity(identity: ProviderIdentity): Promise<IssuedSession> {
    const noAccount = () => new AccountError(HttpStatus.FORBIDDEN, 'auth.sso-no-account', 'No Lumbung account is linked to this sign-in; ask the admin of your region to create or approve one for your e-mail first');
    return this.dataSource.transaction(async (manager) => {
      let account = await manager.findOne(Account, { where: { oidcIssuer: identity.issuer, oidcSubject: identity.subject }, lock: { mode: 'pessimistic_write' } });
      if (!account) {
        // Only a verified e-mail: an unverified one is whatever the person typed at the provider.
        const email = identity.emailVerified ? identity.email?.trim().toLowerCase() : undefined;
        const candidate = email ? await manager.findOne(Account, { where: { email }, lock: { mode: 'pessimistic_write' } }) : null;
        if (!candidate || candidate.oidcSubject !== null || candidate.role === 'service') throw noAccount();
        if (!candidate.active) throw INACTIVE_ACCOUNT();
        const changes: Record<string, [unknown, unknown]> = { oidcIssuer: [null, identity.issuer], oidcSubject: [null, identity.subject] };
        // A one-time password not yet replaced would stay a second way in that nobody needs any more.
        if (candidate.passwordExpiresAt) {
          candidate.passwordHash = null;
          candidate.passwordExpiresAt = null;
          changes.password = ['*** (one-time)', null];
        }
        candidate.oidcIssuer = identity.issuer;
        candidate.oidcSubject = identity.subject;
        candidate.version += 1;
        await manager.save(candidate);
        await this.record(manager, { actor: principalOf(candidate), correlationId: `sso-${randomUUID()}` }, candidate, 'sso-linked', changes);
        account = candidate;
      }
      if (!account.active) throw INACTIVE_ACCOUNT();
      await manager.update(Account, { id: account.id }, { lastSignInAt: new Date() });
      return this.issue(manager, account, randomUUID());
    });
  }

  async signOut(token: string | undefined): Promise<void> {
    if (!token) return;
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(token) });
    if (row) await this.dataSource.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async me(actor: Principal): Promise<Account> {
    // A development or service token's subject is a name; PostgreSQL would refuse it as a uuid (500).
    const account = isAccountId(actor.sub) ? await this.accounts.findOneBy({ id: actor.sub }) : null;
    if (!account) throw new NotFoundException('This token is not of an account (a development or service token)');
    return account;
  }

  // ---- helpers ----------------------------------------------------------------------------

  private async issue(manager: EntityManager, account: Account, familyId: string): Promise<IssuedSession> {
    const refreshToken = randomBytes(32).toString('base64url');
    const refreshExpiresAt = new Date(Date.now() + this.env.REFRESH_TOKEN_DAYS * 86_400_000);
    await manager.insert(RefreshToken, { tokenHash: sha256(refreshToken), familyId, accountId: account.id, expiresAt: refreshExpiresAt, usedAt: null, revokedAt: null });
    const [key] = this.env.ownSigningKeys();
    const accessToken = signAccessToken(key, principalOf(account), this.env.ACCESS_TOKEN_SECONDS);
    return { view: { accessToken, tokenType: 'Bearer', expiresIn: this.env.ACCESS_TOKEN_SECONDS, account: accountView(account) }, refreshToken, refreshExpiresAt };
  }

  private async setPassword(ctx: CommandContext, account: Account, newPassword: string): Promise<void> {
    const problem = passwordProblem(newPassword, account.email);
    if (problem) throw new AccountError(HttpStatus.BAD_REQUEST, problem.code, problem.message, { field: 'newPassword', errors: [{ field: 'newPassword', code: problem.code, messages: [problem.message] }] });
    if (account.passwordHash && (await passwordMatches(account.passwordHash, newPassword))) {
      throw new AccountError(HttpStatus.BAD_REQUEST, 'password.unchanged', 'The new password must differ from the current one', { field: 'newPassword' });
    }
    const passwordHash = await hashPassword(newPassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(Account, { id: account.id }, { passwordHash, passwordExpiresAt: null, version: () => 'version + 1' });
      account.passwordHash = passwordHash;
      account.passwordExpiresAt = null;
      account.version += 1;
      await this.record(manager, ctx, account, 'password-changed', { password: ['***', '***'] });
    });
  }

  private locked(seconds: number): AccountError {
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return new AccountError(HttpStatus.TOO_MANY_REQUESTS, 'auth.locked', `Too many failed sign-ins; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`, { retryAfterSeconds: seconds });
  }

  private scopeOf(a: Account): AccountScope {
    return { role: a.role as Role, regionCode: a.regionCode, provinceCode: a.provinceCode, agencyId: a.agencyId };
  }

  private assertMayManage(actor: Principal, scope: AccountScope): void {
    if (!mayManageAccount(actor, scope)) {
      const where = scope.regionCode ?? scope.provinceCode ?? 'the nation';
      throw new ForbiddenException(`A ${actor.role} may not manage a ${scope.role} account of ${where}`);
    }
  }

  private async lockManaged(manager: EntityManager, actor: Principal, id: string): Promise<Account> {
    const account = await manager.findOne(Account, { where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!account) throw new NotFoundException(`No account ${id}`);
    if (account.id !== actor.sub) this.assertMayManage(actor, this.scopeOf(account));
    return account;
  }

  private async activeAgencyRegion(agencyId: string, manager: EntityManager = this.dataSource.manager): Promise<string | undefined> {
    const [row] = await manager.query(`SELECT region_code FROM "registry"."agency" WHERE id = $1 AND retired_at IS NULL`, [agencyId]);
    return row?.region_code;
  }

  private async revokeAllSessions(manager: EntityManager, accountId: string): Promise<void> {
    await manager.update(RefreshToken, { accountId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async record(
    manager: EntityManager,
    ctx: CommandContext,
    account: Account,
    action: string,
    changes: Record<string, [unknown, unknown]>,
    event?: Omit<NewEvent, 'aggregateId' | 'aggregateVersion'>,
  ): Promise<void> {
    await manager.query(`INSERT INTO "registry"."account_audit" (account_id, action, actor_sub, actor_role, changes) VALUES ($1, $2, $3, $4, $5)`, [
      account.id,
      action,
      ctx.actor.sub,
      ctx.actor.role,
      JSON.stringify(changes),
    ]);
    if (event) await this.outbox.append(manager, ctx, [{ ...event, aggregateId: account.id, aggregateVersion: account.version } as NewEvent]);
  }
}
