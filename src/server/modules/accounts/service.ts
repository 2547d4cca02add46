import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';
import type {
  ApiToken as ApiTokenDto,
  ChangePasswordBody,
  CreateTokenBody,
  CreateUserBody,
  PasswordChanged,
  Role,
  SetupBody,
  TokenScope,
  UpdateUserBody,
  User as UserDto,
  UserListQuery,
} from '../../../contracts/accounts';
import type { Config } from '../../config';
import type { Database, Executor } from '../../db/database';
import { fromFlag, toFlag } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { ApiToken, User } from '../../db/schema';
import { AppError, conflict, forbidden, invalid, notFound, tooMany, unauthenticated } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { createSecretBox } from '../../lib/secret-box';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import type { SettingsService } from '../settings/service';
import {
  DUMMY_HASH,
  hashPassword,
  type PasswordContext,
  passwordWeakness,
  verifyPassword,
} from './passwords';
import * as repo from './repository';
import {
  attemptWindow,
  delayAfter,
  lockedForSeconds,
  THROTTLE,
  tokenExpiry,
  userChangeRefusal,
} from './rules';
import { createSsoService } from './sso';
import { emailDomain } from './sso-rules';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
const TOKEN_PREFIX = 'opt_';

export interface RequestMeta {
  requestId: string | null;
  ip: string | null;
  userAgent?: string | null;
}

export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role as Role,
    vendorId: u.vendorId,
    disabled: fromFlag(u.disabled),
    createdAt: u.createdAt,
    lastLoginAt: u.lastLoginAt,
  };
}

const toTokenDto = (t: ApiToken): z.infer<typeof ApiTokenDto> => ({
  id: t.id,
  name: t.name,
  scope: t.scope as TokenScope,
  prefix: t.tokenPrefix,
  createdAt: t.createdAt,
  expiresAt: t.expiresAt,
  lastUsedAt: t.lastUsedAt,
});

export const actorOf = (u: User, meta: RequestMeta): Actor => ({
  id: u.id,
  name: u.name,
  role: u.role as Role,
  vendorId: u.vendorId,
  requestId: meta.requestId,
  ip: meta.ip,
});

/** The fields of a user that the audit trail records (never the password hash). */
const auditable = (u: User) => ({
  name: u.name,
  email: u.email,
  role: u.role,
  vendorId: u.vendorId,
  disabled: fromFlag(u.disabled),
});

export interface AccountDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  config: Pick<Config, 'sessionIdleMinutes' | 'sessionAbsoluteHours' | 'publicUrl' | 'secret'>;
  settings: SettingsService;
  vendorExists: (tx: Executor, id: string) => Promise<boolean>;
  sleep?: (ms: number) => Promise<void>;
}

export function createAccountService(deps: AccountDeps) {
  const { db, audit, clock, config, settings, vendorExists } = deps;
  const sleep = deps.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const now = () => clock.now().toISOString();

  async function checkVendor(tx: Executor, role: Role, vendorId: string | null | undefined) {
    if (role === 'vendor' && (!vendorId || !(await vendorExists(tx, vendorId)))) {
      throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
    }
  }

  /** Refuse (422 naming `field`) a password easy to guess for this user; the organisation name is the stored one unless given. */
  async function refuseWeakPassword(
    tx: Executor,
    field: string,
    password: string,
    context: Omit<PasswordContext, 'organisation'> & { organisation?: string | undefined },
  ) {
    const organisation = context.organisation ?? (await settings.organisationIn(tx)).name;
    const weakness = await passwordWeakness(password, { ...context, organisation });
    if (weakness) throw invalid([{ field, message: weakness }]);
  }

  async function insertNewUser(
    tx: Executor,
    actor: Actor,
    input: { name: string; email: string; password: string; role: Role; vendorId?: string | null },
    organisation?: string,
  ) {
    await refuseWeakPassword(tx, 'password', input.password, {
      name: input.name,
      email: input.email,
      organisation,
    });
    if (await repo.findUserByEmail(tx, input.email)) {
      throw new AppError(409, 'conflict', 'A user with this email already exists.', [
        { field: 'email', message: 'is already in use' },
      ]);
    }
    const at = now();
    const user = await repo.insertUser(tx, {
      id: newId('usr'),
      name: input.name,
      email: input.email.toLowerCase(),
      passwordHash: await hashPassword(input.password),
      role: input.role,
      vendorId: input.role === 'vendor' ? (input.vendorId ?? null) : null,
      disabled: 0,
      createdAt: at,
      updatedAt: at,
      lastLoginAt: null,
    });
    await audit.record(tx, actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      changes: diff(null, auditable(user)),
    });
    return user;
  }

  async function newSession(tx: Executor, user: User, meta: RequestMeta) {
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const at = clock.now();
    await repo.insertSession(tx, {
      idHash: sha256(sessionId),
      userId: user.id,
      csrfToken,
      createdAt: at.toISOString(),
      lastSeenAt: at.toISOString(),
      expiresAt: new Date(at.getTime() + config.sessionAbsoluteHours * 3_600_000).toISOString(),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
    });
    return { sessionId, csrfToken };
  }

  /**
   * Count a password attempt against its account and its client address before the password is
   * checked: one atomic statement per key, both in one transaction, so no number of parallel
   * attempts gets past a limit. Refused with 429 while either is locked (nothing counted), slowed
   * after a few failures. A wrong password needs nothing further; call `passed` when it was right.
   */
  async function countAttempt(email: string, ip: string | null) {
    const keys = [
      { key: `acct:${email.toLowerCase()}`, limit: THROTTLE.lockAfterAccount },
      { key: `addr:${ip ?? 'unknown'}`, limit: THROTTLE.lockAfterAddress },
    ] as const;
    const at = clock.now();
    const counted = await db.transaction().execute(async (tx) => {
      const records = [];
      for (const { key, limit } of keys) {
        const record = await repo.countAttempt(tx, key, attemptWindow(at, limit));
        if (!record) {
          const seconds = lockedForSeconds((await repo.findFailure(tx, key))?.lockedUntil ?? null, at);
          throw tooMany(
            `Too many failed sign-ins. Try again in ${Math.ceil(seconds / 60)} minute${seconds > 60 ? 's' : ''}.`,
            seconds,
          );
        }
        records.push(record);
      }
      return records;
    });
    const delay = Math.max(...counted.map((r) => delayAfter(r.count - 1)));
    if (delay > 0) await sleep(delay);
    return {
      /** The password was right: the account's failures are forgotten, the address's attempt taken back. */
      async passed(tx: Executor) {
        await repo.clearFailure(tx, keys[0].key);
        await repo.uncountAttempt(tx, keys[1].key, keys[1].limit);
      },
    };
  }

  const sso = createSsoService({
    db,
    audit,
    clock,
    config,
    secrets: createSecretBox(config.secret, 'identity-provider-secrets'),
    vendorExists,
    startSession: newSession,
  });

  return {
    /** Single sign-on: identity providers, their role mapping, and the sign-in flow (sso.ts). */
    sso,

    needsSetup: async () => (await repo.countUsers(db)) === 0,

    /** Create the first owner; only while no user exists. */
    async setup(body: z.infer<typeof SetupBody>, meta: RequestMeta) {
      return db.transaction().execute(async (tx) => {
        if ((await repo.countUsers(tx)) > 0 || !(await settings.claimSetup(tx))) {
          throw conflict('Outpost is already set up; sign in instead.');
        }
        const system: Actor = { id: 'system', name: 'setup', role: 'owner', vendorId: null, ...meta };
        const user = await insertNewUser(tx, system, { ...body, role: 'owner' }, body.organisation?.name);
        await settings.initOrganisation(tx, actorOf(user, meta), body.organisation);
        return toUserDto(user);
      });
    },

    async login(email: string, password: string, meta: RequestMeta, oldSessionId?: string) {
      const attempt = await countAttempt(email, meta.ip);
      const user = await repo.findUserByEmail(db, email);
      // An account made by single sign-on has no password; it is checked against the dummy all the same.
      const hasPassword = user?.passwordHash.startsWith('scrypt$') === true;
      const ok =
        (await verifyPassword(password, hasPassword ? user!.passwordHash : DUMMY_HASH)) && hasPassword;
      // "SSO required": a domain bound to a provider signs in there, right password or not, but
      // for owners (the break-glass accounts that keep working when the provider does not).
      const required = await sso.requiredFor(db, emailDomain(email));
      if (required && user?.role !== 'owner') {
        throw new AppError(
          403,
          'sso-required',
          `Sign in with ${required.name}: your organisation requires it.`,
          undefined,
          {
            provider: { key: required.key, name: required.name },
          },
        );
      }
      if (!user || !ok) throw unauthenticated('The email or password is not right.');
      if (fromFlag(user.disabled)) {
        await attempt.passed(db);
        throw unauthenticated('This account is disabled. Ask an administrator.');
      }
      return db.transaction().execute(async (tx) => {
        await attempt.passed(tx);
        if (oldSessionId) await repo.deleteSession(tx, sha256(oldSessionId));
        const updated = await repo.updateUser(tx, user.id, { lastLoginAt: now() });
        const session = await newSession(tx, updated, meta);
        await audit.record(tx, actorOf(updated, meta), {
          action: 'auth.login',
          entityType: 'user',
          entityId: user.id,
        });
        return { user: toUserDto(updated), ...session };
      });
    },

    async logout(actor: Actor, sessionId: string | undefined) {
      if (!sessionId) return;
      await db.transaction().execute(async (tx) => {
        await repo.deleteSession(tx, sha256(sessionId));
        await audit.record(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.id });
      });
    },

    /** The user behind a session cookie, with its CSRF token; null when expired or unknown. */
    async resolveSession(sessionId: string) {
      const idHash = sha256(sessionId);
      const session = await repo.findSession(db, idHash);
      if (!session) return null;
      const at = clock.now();
      const idleLimit = Date.parse(session.lastSeenAt) + config.sessionIdleMinutes * 60_000;
      if (Date.parse(session.expiresAt) <= at.getTime() || idleLimit <= at.getTime()) {
        await repo.deleteSession(db, idHash);
        return null;
      }
      const user = await repo.findUserById(db, session.userId);
      if (!user || fromFlag(user.disabled)) return null;
      // Touch at most once a minute: idle expiry needs no finer grain, and reads stay reads.
      if (at.getTime() - Date.parse(session.lastSeenAt) > 60_000)
        await repo.touchSession(db, idHash, at.toISOString());
      return { user, csrfToken: session.csrfToken };
    },

    /**
     * The user behind an API token, with the token's id and scope; `expired` (with when) for a token
     * past its expiry, so the answer can say so; null when unknown, revoked or its user disabled.
     * The last use is written at most once a minute per token, so reads stay reads (decision 89).
     */
    async resolveToken(
      token: string,
    ): Promise<{ user: User; scope: TokenScope; tokenId: string } | { expiredAt: string } | null> {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const row = await repo.findTokenByHash(db, sha256(token));
      if (!row || row.revokedAt) return null;
      const at = clock.now();
      if (row.expiresAt && Date.parse(row.expiresAt) <= at.getTime())
        return { expiredAt: new Date(row.expiresAt).toISOString() };
      const user = await repo.findUserById(db, row.userId);
      if (!user || fromFlag(user.disabled)) return null;
      if (!row.lastUsedAt || at.getTime() - Date.parse(row.lastUsedAt) >= 60_000) {
        await repo.touchToken(db, row.id, at.toISOString());
      }
      return { user, scope: row.scope as TokenScope, tokenId: row.id };
    },

    csrfMatches(expected: string, given: string | undefined): boolean {
      if (!given) return false;
      const a = Buffer.from(expected);
      const b = Buffer.from(given);
      return a.length === b.length && timingSafeEqual(a, b);
    },

    async me(actor: Actor) {
      const user = await repo.findUserById(db, actor.id);
      if (!user) throw notFound('user');
      return toUserDto(user);
    },

    /**
     * Change one's own password (from a session only: `password` `update` is no token's). Other
     * sessions end. API tokens are credentials of their own and keep working unless `revokeTokens`
     * asks otherwise; the answer lists those that still work, and those this change revoked.
     */
    async changePassword(
      actor: Actor,
      body: z.infer<typeof ChangePasswordBody>,
      keepSessionId?: string,
    ): Promise<z.infer<typeof PasswordChanged>> {
      authorize(actor, 'password', 'update');
      const { currentPassword, newPassword } = body;
      const user = await repo.findUserById(db, actor.id);
      if (!user) throw notFound('user');
      // Judged before the attempt is counted: a refused new password must not lock the account out.
      await refuseWeakPassword(db, 'newPassword', newPassword, {
        name: user.name,
        email: user.email,
        also: [currentPassword],
      });
      // A wrong current password counts towards the account's sign-in lock-out, and a locked
      // account cannot change its password: a stolen session cannot guess its way on.
      const attempt = await countAttempt(user.email, actor.ip);
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        throw invalid([{ field: 'currentPassword', message: 'is not right' }]);
      }
      const passwordHash = await hashPassword(newPassword);
      return db.transaction().execute(async (tx) => {
        await attempt.passed(tx);
        const at = now();
        await repo.updateUser(tx, user.id, { passwordHash, updatedAt: at });
        // Every other session ends: a changed password should lock out whoever knew the old one.
        const keep = keepSessionId ? sha256(keepSessionId) : null;
        await repo.deleteUserSessions(tx, user.id, keep);
        await audit.record(tx, actor, {
          action: 'user.password',
          entityType: 'user',
          entityId: user.id,
          changes: { password: { after: '(changed)' } },
        });
        // The tokens that still work: expired ones are dead already, neither listed nor revoked.
        const live = (await repo.unrevokedTokens(tx, user.id)).filter(
          (t) => !t.expiresAt || Date.parse(t.expiresAt) > Date.parse(at),
        );
        if (!body.revokeTokens) return { tokens: live.map(toTokenDto), revokedTokens: [] };
        for (const token of live) {
          await repo.revokeToken(tx, token.id, at);
          await audit.record(tx, actor, { action: 'token.revoke', entityType: 'token', entityId: token.id });
        }
        return { tokens: [], revokedTokens: live.map(toTokenDto) };
      });
    },

    // Users (owner, admin)

    async listUsers(actor: Actor, query: z.infer<typeof UserListQuery>) {
      authorize(actor, 'user', 'read');
      const rows = await repo.listUsers(db, query, query.limit, query.cursor);
      return toPage(rows, query.limit, (r) => [r.email, r.id], toUserDto);
    },

    async getUser(actor: Actor, id: string) {
      authorize(actor, 'user', 'read');
      const user = await repo.findUserById(db, id);
      if (!user) throw notFound('user');
      return toUserDto(user);
    },

    async createUser(actor: Actor, body: z.infer<typeof CreateUserBody>) {
      authorize(actor, 'user', 'create');
      if (body.role === 'owner' && actor.role !== 'owner')
        throw forbidden('Only an owner may create another owner.');
      return db.transaction().execute(async (tx) => {
        await checkVendor(tx, body.role, body.vendorId);
        return toUserDto(await insertNewUser(tx, actor, body));
      });
    },

    async updateUser(actor: Actor, id: string, body: z.infer<typeof UpdateUserBody>) {
      authorize(actor, 'user', 'update');
      return db.transaction().execute(async (tx) => {
        const activeOwners = await repo.lockActiveOwners(tx);
        const user = await repo.findUserById(tx, id);
        if (!user) throw notFound('user');
        const refusal = userChangeRefusal(
          actor,
          { id: user.id, role: user.role as Role, disabled: fromFlag(user.disabled) },
          body,
          activeOwners,
        );
        if (refusal)
          throw refusal.kind === 'forbidden' ? forbidden(refusal.reason) : conflict(refusal.reason);
        const role = (body.role ?? user.role) as Role;
        const vendorId =
          role === 'vendor' ? (body.vendorId !== undefined ? body.vendorId : user.vendorId) : null;
        if (body.vendorId && role !== 'vendor') {
          throw invalid([{ field: 'vendorId', message: 'is only allowed with the vendor role' }]);
        }
        await checkVendor(tx, role, vendorId);
        const updated = await repo.updateUser(tx, id, {
          name: body.name ?? user.name,
          role,
          vendorId,
          disabled: body.disabled === undefined ? user.disabled : toFlag(body.disabled),
          updatedAt: now(),
        });
        // Losing access or changing what one may see ends every session of that user at once.
        if (body.disabled === true || role !== user.role || vendorId !== user.vendorId) {
          await repo.deleteUserSessions(tx, id);
        }
        await audit.record(tx, actor, {
          action: 'user.update',
          entityType: 'user',
          entityId: id,
          changes: diff(auditable(user), auditable(updated)),
        });
        return toUserDto(updated);
      });
    },

    /** For the CLI and the demo loader, which act as the system. */
    async createUserAsSystem(
      actor: Actor,
      input: { name: string; email: string; password: string; role: Role; vendorId?: string | null },
    ) {
      return db.transaction().execute(async (tx) => {
        await checkVendor(tx, input.role, input.vendorId);
        return toUserDto(await insertNewUser(tx, actor, input));
      });
    },

    async resetPassword(actor: Actor, email: string, password: string) {
      const user = await repo.findUserByEmail(db, email);
      if (!user) throw notFound('user');
      await refuseWeakPassword(db, 'password', password, { name: user.name, email: user.email });
      if (await verifyPassword(password, user.passwordHash))
        throw invalid([{ field: 'password', message: 'must differ from the current password' }]);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (tx) => {
        await repo.updateUser(tx, user.id, { passwordHash, updatedAt: now() });
        await repo.deleteUserSessions(tx, user.id);
        await repo.clearFailure(tx, `acct:${user.email}`);
        await audit.record(tx, actor, {
          action: 'user.password',
          entityType: 'user',
          entityId: user.id,
          changes: { password: { after: '(reset)' } },
        });
      });
      return toUserDto(user);
    },

    /** For the prune job: each deletes at most `limit` expired rows and answers how many. */
    prune: {
      /** Sessions past their absolute or idle expiry (they would no longer sign anyone in). */
      sessions(limit: number) {
        const at = clock.now();
        const idleSince = new Date(at.getTime() - config.sessionIdleMinutes * 60_000).toISOString();
        return repo.deleteExpiredSessions(db, at.toISOString(), idleSince, limit);
      },
      /** Sign-in failure records whose window or lock is over (the next attempt would start again). */
      signInFailures: (limit: number) =>
        repo.deleteStaleFailures(db, attemptWindow(clock.now(), THROTTLE.lockAfterAccount), limit),
    },

    findUserByEmail: (email: string) => repo.findUserByEmail(db, email),
    userExists: async (tx: Executor, id: string) => (await repo.findUserById(tx, id)) !== undefined,
    /** Narrow look-ups for other modules (vendor owners, import by owner email). */
    directory: {
      byEmails: (tx: Executor, emails: string[]) => repo.usersByEmail(tx, emails),
      byIds: (tx: Executor, ids: string[]) => repo.usersById(tx, ids),
      countVendorUsers: (tx: Executor, vendorId: string) => repo.countVendorUsers(tx, vendorId),
      /** Who may be @mentioned in a thread: internal users, plus a vendor's users in its shared threads. */
      mentionable: (tx: Executor, vendorId: string | null) => repo.mentionable(tx, vendorId),
      /** The active internal users (id, name, email): everyone who may be mentioned in an internal thread. */
      internal: (tx: Executor) => repo.mentionable(tx, null),
      /** Active users to notify (notifications): by role, by id, or a vendor's users. */
      active: (tx: Executor, filter: { roles?: string[]; ids?: string[]; vendorId?: string }) =>
        repo.activeUsers(tx, filter),
    },

    /** Narrow functions for the vendor portal, each inside the caller's transaction. */
    portal: {
      /** Create a vendor user from an accepted invitation and sign them in (a new session). */
      async join(
        tx: Executor,
        actor: Actor,
        input: { name: string; email: string; password: string; vendorId: string },
        meta: RequestMeta,
      ) {
        const user = await insertNewUser(tx, actor, { ...input, role: 'vendor' });
        const signedIn = await repo.updateUser(tx, user.id, { lastLoginAt: now() });
        return { user: toUserDto(signedIn), ...(await newSession(tx, signedIn, meta)) };
      },
      /** Offboarding: disable every user of a vendor, end their sessions and revoke their API tokens. */
      async cutOff(tx: Executor, actor: Actor, vendorId: string) {
        const at = now();
        const users = await repo.vendorUsers(tx, vendorId);
        for (const user of users) {
          await repo.deleteUserSessions(tx, user.id);
          await repo.revokeUserTokens(tx, user.id, at);
          if (fromFlag(user.disabled)) continue;
          const updated = await repo.updateUser(tx, user.id, { disabled: toFlag(true), updatedAt: at });
          await audit.record(tx, actor, {
            action: 'user.update',
            entityType: 'user',
            entityId: user.id,
            changes: diff(auditable(user), auditable(updated)),
          });
        }
        return users.length;
      },
    },

    // API tokens

    /** Create one of one's own tokens, from a session (or the CLI): no token mints another. */
    async createToken(actor: Actor, body: z.infer<typeof CreateTokenBody>) {
      authorize(actor, 'token', 'create');
      const expiry = tokenExpiry(clock.now(), body.expiresAt);
      if ('refused' in expiry) throw invalid([{ field: 'expiresAt', message: expiry.refused }]);
      const { expiresAt } = expiry;
      const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
      const id = newId('tok');
      await db.transaction().execute(async (tx) => {
        await repo.insertToken(tx, {
          id,
          userId: actor.id,
          name: body.name,
          tokenHash: sha256(token),
          tokenPrefix: token.slice(0, TOKEN_PREFIX.length + 6),
          createdAt: now(),
          expiresAt,
          lastUsedAt: null,
          revokedAt: null,
          scope: body.scope,
        });
        await audit.record(tx, actor, {
          action: 'token.create',
          entityType: 'token',
          entityId: id,
          changes: diff(null, { name: body.name, scope: body.scope, expiresAt }),
        });
      });
      return {
        id,
        token,
        name: body.name,
        scope: body.scope,
        expiresAt,
      };
    },

    async listTokens(actor: Actor) {
      authorize(actor, 'token', 'read');
      return (await repo.listTokens(db, actor.id)).map(toTokenDto);
    },

    /** Revoke one of one's own tokens (owners and admins may revoke anyone's), from a session only. */
    async revokeToken(actor: Actor, id: string) {
      authorize(actor, 'token', 'delete');
      await db.transaction().execute(async (tx) => {
        const token = await repo.findToken(tx, id);
        const mayRevoke =
          token && (token.userId === actor.id || actor.role === 'owner' || actor.role === 'admin');
        if (!token || token.revokedAt || !mayRevoke) throw notFound('token');
        await repo.revokeToken(tx, id, now());
        await audit.record(tx, actor, { action: 'token.revoke', entityType: 'token', entityId: id });
      });
    },
  };
}

export type AccountService = ReturnType<typeof createAccountService>;
