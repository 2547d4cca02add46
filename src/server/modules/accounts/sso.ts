/**
 * Single sign-on with OpenID Connect (openid-client): the owner's identity providers and their
 * role mapping, the authorization-code flow with PKCE, state and nonce, just-in-time accounts with
 * the mapped role, and the provider's end of a sign-out (RP-initiated logout).
 */
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { z } from 'zod';
import type { Role } from '../../../contracts/accounts';
import type {
  CreateIdentityProviderBody,
  IdentityProvider as IdentityProviderDto,
  SsoRefusal,
  UpdateIdentityProviderBody,
} from '../../../contracts/identity';
import type { Config } from '../../config';
import type { Database, Executor } from '../../db/database';
import { fromFlag, toFlag } from '../../db/database';
import type { IdentityProvider, User } from '../../db/schema';
import { AppError, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import type { SecretBox } from '../../lib/secret-box';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import * as repo from './repository';
import * as ssoRepo from './sso-repository';
import {
  claimValues,
  type KnownAccount,
  mappedRole,
  mappingProblems,
  safeReturnTo,
  signInDecision,
} from './sso-rules';

const sha256 = (v: string) => createHash('sha256').update(v).digest('hex');
/** How long a sign-in may take at the provider before its state is forgotten. */
const REQUEST_MINUTES = 10;
/** Where a refused sign-in lands: the sign-in page explains the reason. */
export const refusedPage = (reason: SsoRefusal) => `/login?sso=${reason}`;

interface SsoDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  config: Pick<Config, 'publicUrl'>;
  secrets: SecretBox;
  vendorExists: (tx: Executor, id: string) => Promise<boolean>;
  /** Start an Outpost session for a user (accounts' own, the same as a password sign-in's). */
  startSession: (
    tx: Executor,
    user: User,
    meta: { requestId: string | null; ip: string | null; userAgent?: string | null },
  ) => Promise<{ sessionId: string; csrfToken: string }>;
}

/** A refused sign-in: where to send the browser, and why (audited). */
export class SsoRefused extends Error {
  constructor(
    readonly reason: SsoRefusal,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why openid-client refused the provider's answer, for the audit trail: its code, message and the
 * claim or parameter at fault (`aud`, `exp`, `state`…). A state that is not the expected one is a
 * `state` refusal; everything else about the code and the tokens a `token` one.
 */
function tokenRefusal(err: unknown): SsoRefused {
  const e = err as Error & { code?: string; error?: string; cause?: unknown };
  // openid-client words its errors generally; the protocol library's own error is the cause.
  const inner = e.cause instanceof Error ? e.cause.message : '';
  const detail = `${e.error ?? e.code ?? 'error'}: ${e.message}${inner ? ` (${inner})` : ''}`;
  return new SsoRefused(/"state"/.test(`${e.message} ${inner}`) ? 'state' : 'token', detail);
}

const isLoopback = (host: string) => host === '127.0.0.1' || host === '[::1]' || host === 'localhost';

export function createSsoService(deps: SsoDeps) {
  const { db, audit, clock, config, secrets, vendorExists, startSession } = deps;
  const now = () => clock.now().toISOString();

  const redirectUriOf = (key: string) =>
    config.publicUrl ? `${config.publicUrl}/api/v1/auth/oidc/${key}/callback` : null;

  async function toDto(tx: Executor, p: IdentityProvider): Promise<z.infer<typeof IdentityProviderDto>> {
    return {
      id: p.id,
      key: p.key,
      name: p.name,
      issuer: p.issuer,
      clientId: p.clientId,
      hasClientSecret: p.clientSecret !== '',
      vendorId: p.vendorId,
      domains: JSON.parse(p.domains),
      roleClaim: p.roleClaim,
      enabled: fromFlag(p.enabled),
      mappings: (await ssoRepo.mappingsOf(tx, p.id)).map((m) => ({ value: m.value, role: m.role as never })),
      redirectUri: redirectUriOf(p.key),
      createdAt: p.createdAt,
      updatedAt: p.updatedAt,
    };
  }

  /** What the audit trail records of a provider: never its client secret. */
  const auditable = (dto: z.infer<typeof IdentityProviderDto>) => ({
    name: dto.name,
    issuer: dto.issuer,
    clientId: dto.clientId,
    vendorId: dto.vendorId,
    domains: dto.domains.join(', '),
    roleClaim: dto.roleClaim,
    enabled: dto.enabled,
    mappings: dto.mappings.map((m) => `${m.value} → ${m.role}`).join('; '),
  });

  /** The same domain bound to two providers would leave "SSO required" ambiguous. */
  async function refuseTakenDomains(tx: Executor, id: string | null, domains: readonly string[]) {
    for (const [i, domain] of domains.entries()) {
      const others = (await ssoRepo.providersBindingDomain(tx, domain)).filter((p) => p.id !== id);
      if (others.length)
        throw invalid([{ field: `domains.${i}`, message: `is already bound to ${others[0]!.name}` }]);
    }
  }

  /** The provider's metadata by discovery, checked with the app's clock; plain HTTP only on this machine. */
  async function configurationOf(p: IdentityProvider): Promise<oidc.Configuration> {
    const issuer = new URL(p.issuer);
    const insecure = issuer.protocol === 'http:';
    if (insecure && !isLoopback(issuer.hostname))
      throw new SsoRefused('provider', 'The issuer must be an https:// address.');
    const skew = (clock.now().getTime() - Date.now()) / 1000;
    try {
      return await oidc.discovery(
        issuer,
        p.clientId,
        { [oidc.clockSkew]: skew },
        oidc.ClientSecretBasic(secrets.open(p.clientSecret)),
        { timeout: 10, ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}) },
      );
    } catch (err) {
      throw new SsoRefused('provider', `The provider's discovery failed: ${(err as Error).message}`);
    }
  }

  async function enabledProvider(key: string) {
    const p = await ssoRepo.findProviderByKey(db, key);
    if (!p || !fromFlag(p.enabled)) throw notFound('identity provider');
    return p;
  }

  async function recordRefusal(
    p: IdentityProvider | undefined,
    reason: SsoRefusal,
    detail: string,
    meta: { requestId: string | null; ip: string | null },
    who: { email?: string; subject?: string } = {},
  ) {
    await db.transaction().execute(async (tx) =>
      audit.record(
        tx,
        {
          id: 'system',
          name: `sign-in via ${p?.name ?? 'single sign-on'}`,
          role: 'owner',
          vendorId: null,
          ...meta,
        },
        {
          action: 'sso.refuse',
          entityType: 'identityProvider',
          entityId: p?.id ?? 'unknown',
          changes: {
            reason: { after: reason },
            detail: { after: detail },
            ...(who.email ? { email: { after: who.email } } : {}),
            ...(who.subject ? { subject: { after: who.subject } } : {}),
          },
        },
      ),
    );
  }

  return {
    redirectUriOf,

    /** The enabled providers, for the sign-in page's buttons. */
    async signInProviders() {
      return (await ssoRepo.listProviders(db))
        .filter((p) => fromFlag(p.enabled))
        .map((p) => ({ key: p.key, name: p.name }));
    },

    /** The enabled provider that an e-mail's domain is bound to (its users must sign in there), if any. */
    async requiredFor(tx: Executor, domain: string) {
      return (await ssoRepo.providersBindingDomain(tx, domain))[0] ?? null;
    },

    async listProviders(actor: Actor) {
      authorize(actor, 'identityProvider', 'read');
      const rows = await ssoRepo.listProviders(db);
      return Promise.all(rows.map((p) => toDto(db, p)));
    },

    async getProvider(actor: Actor, id: string) {
      authorize(actor, 'identityProvider', 'read');
      const p = await ssoRepo.findProvider(db, id);
      if (!p) throw notFound('identity provider');
      return toDto(db, p);
    },

    async createProvider(actor: Actor, body: z.infer<typeof CreateIdentityProviderBody>) {
      authorize(actor, 'identityProvider', 'create');
      const problems = mappingProblems(body.mappings, body.vendorId !== null);
      if (problems.length) throw invalid(problems);
      return db.transaction().execute(async (tx) => {
        if (body.vendorId && !(await vendorExists(tx, body.vendorId)))
          throw invalid([{ field: 'vendorId', message: 'must be the id of an existing vendor' }]);
        if (await ssoRepo.findProviderByKey(tx, body.key))
          throw new AppError(409, 'conflict', 'A provider with this key exists.', [
            { field: 'key', message: 'is already in use' },
          ]);
        await refuseTakenDomains(tx, null, body.domains);
        const at = now();
        const id = newId('idp');
        await ssoRepo.insertProvider(tx, {
          id,
          key: body.key,
          name: body.name,
          issuer: body.issuer,
          clientId: body.clientId,
          clientSecret: secrets.seal(body.clientSecret),
          vendorId: body.vendorId,
          domains: JSON.stringify([...new Set(body.domains)]),
          roleClaim: body.roleClaim,
          enabled: toFlag(body.enabled),
          createdAt: at,
          updatedAt: at,
        });
        await ssoRepo.replaceMappings(tx, id, body.mappings);
        const dto = await toDto(tx, (await ssoRepo.findProvider(tx, id))!);
        await audit.record(tx, actor, {
          action: 'identityProvider.create',
          entityType: 'identityProvider',
          entityId: id,
          changes: diff(null, { key: dto.key, ...auditable(dto) }),
        });
        return dto;
      });
    },

    async updateProvider(actor: Actor, id: string, body: z.infer<typeof UpdateIdentityProviderBody>) {
      authorize(actor, 'identityProvider', 'update');
      return db.transaction().execute(async (tx) => {
        const p = await ssoRepo.findProvider(tx, id);
        if (!p) throw notFound('identity provider');
        if (body.mappings) {
          const problems = mappingProblems(body.mappings, p.vendorId !== null);
          if (problems.length) throw invalid(problems);
        }
        if (body.domains) await refuseTakenDomains(tx, id, body.domains);
        const before = await toDto(tx, p);
        await ssoRepo.updateProvider(tx, id, {
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.issuer !== undefined ? { issuer: body.issuer } : {}),
          ...(body.clientId !== undefined ? { clientId: body.clientId } : {}),
          ...(body.clientSecret !== undefined ? { clientSecret: secrets.seal(body.clientSecret) } : {}),
          ...(body.domains !== undefined ? { domains: JSON.stringify([...new Set(body.domains)]) } : {}),
          ...(body.roleClaim !== undefined ? { roleClaim: body.roleClaim } : {}),
          ...(body.enabled !== undefined ? { enabled: toFlag(body.enabled) } : {}),
          updatedAt: now(),
        });
        if (body.mappings) await ssoRepo.replaceMappings(tx, id, body.mappings);
        const after = await toDto(tx, (await ssoRepo.findProvider(tx, id))!);
        const changes = diff(auditable(before), auditable(after));
        if (body.clientSecret !== undefined) changes.clientSecret = { after: '(changed)' };
        await audit.record(tx, actor, {
          action: body.mappings ? 'identityProvider.mapping' : 'identityProvider.update',
          entityType: 'identityProvider',
          entityId: id,
          changes,
        });
        return after;
      });
    },

    /** Remove a provider; its users keep their accounts (an owner may give them a password). */
    async deleteProvider(actor: Actor, id: string) {
      authorize(actor, 'identityProvider', 'delete');
      await db.transaction().execute(async (tx) => {
        const p = await ssoRepo.findProvider(tx, id);
        if (!p) throw notFound('identity provider');
        const before = await toDto(tx, p);
        await ssoRepo.deleteProvider(tx, id);
        await audit.record(tx, actor, {
          action: 'identityProvider.delete',
          entityType: 'identityProvider',
          entityId: id,
          changes: diff({ key: before.key, ...auditable(before) }, null),
        });
      });
    },

    /**
     * Begin a sign-in: remember a fresh state (hashed), nonce and PKCE verifier for ten minutes,
     * and answer the provider's authorization URL and the state (the browser keeps it in a cookie).
     */
    async start(
      key: string,
      returnTo: string | undefined,
      meta: { requestId: string | null; ip: string | null },
    ) {
      const p = await enabledProvider(key);
      const redirectUri = redirectUriOf(key);
      try {
        if (!redirectUri)
          throw new SsoRefused('provider', 'OUTPOST_PUBLIC_URL is not set: the redirect URI is unknown.');
        const configuration = await configurationOf(p);
        const codeVerifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        const at = clock.now();
        await ssoRepo.deleteExpiredRequests(db, at.toISOString());
        await ssoRepo.insertRequest(db, {
          stateHash: sha256(state),
          providerId: p.id,
          nonce,
          codeVerifier,
          returnTo: safeReturnTo(returnTo),
          expiresAt: new Date(at.getTime() + REQUEST_MINUTES * 60_000).toISOString(),
        });
        const url = oidc.buildAuthorizationUrl(configuration, {
          redirect_uri: redirectUri,
          scope: 'openid email profile',
          response_type: 'code',
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
          state,
          nonce,
        });
        return { url: url.href, state };
      } catch (err) {
        if (!(err instanceof SsoRefused)) throw err;
        await recordRefusal(p, err.reason, err.message, meta);
        throw err;
      }
    },

    /**
     * Finish a sign-in at the redirect URI: the state must be the one this browser started with
     * (its cookie) and is used once; openid-client exchanges the code with the PKCE verifier and
     * checks the ID token's signature, issuer, audience, expiry and nonce. Then the account is
     * found or made (just in time) with the mapped role, and a session starts. A refusal is
     * audited and thrown as `SsoRefused`.
     */
    async callback(
      key: string,
      query: string,
      cookieState: string | undefined,
      meta: { requestId: string | null; ip: string | null; userAgent?: string | null },
      oldSessionId?: string,
    ) {
      const p = await ssoRepo.findProviderByKey(db, key);
      let who: { email?: string; subject?: string } = {};
      try {
        if (!p || !fromFlag(p.enabled)) throw new SsoRefused('provider', 'No such provider is enabled.');
        const request = cookieState ? await ssoRepo.takeRequest(db, sha256(cookieState)) : undefined;
        if (!request || request.providerId !== p.id || Date.parse(request.expiresAt) <= clock.now().getTime())
          throw new SsoRefused(
            'state',
            'The sign-in was not started in this browser, was used already or took too long.',
          );
        const configuration = await configurationOf(p);
        const currentUrl = new URL(`${redirectUriOf(key)}${query}`);
        let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
        try {
          tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
            pkceCodeVerifier: request.codeVerifier,
            expectedState: cookieState,
            expectedNonce: request.nonce,
            idTokenExpected: true,
          });
        } catch (err) {
          throw tokenRefusal(err);
        }
        const idClaims = tokens.claims()!;
        let claims: Record<string, unknown> = { ...idClaims };
        if (configuration.serverMetadata().userinfo_endpoint && tokens.access_token) {
          const info = await oidc.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
          claims = { ...info, ...idClaims };
        }
        const subject = idClaims.sub;
        const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : '';
        who = { email, subject };
        if (!email.includes('@')) throw new SsoRefused('no-email', 'The provider sent no e-mail address.');
        const name =
          (typeof claims.name === 'string' && claims.name.trim()) ||
          [claims.given_name, claims.family_name].filter((v) => typeof v === 'string').join(' ') ||
          email;
        const mappings = (await ssoRepo.mappingsOf(db, p.id)).map((m) => ({
          value: m.value,
          role: m.role as never,
        }));
        const role = mappedRole(mappings, claimValues(claims, p.roleClaim));
        return await db.transaction().execute(async (tx) => {
          const known = (u: User | undefined): KnownAccount | undefined =>
            u && {
              id: u.id,
              role: u.role as Role,
              vendorId: u.vendorId,
              disabled: fromFlag(u.disabled),
              ssoProviderId: u.ssoProviderId ?? null,
            };
          const decision = signInDecision({
            provider: { id: p.id, vendorId: p.vendorId, domains: JSON.parse(p.domains) },
            email,
            bySubject: known(await ssoRepo.findUserBySubject(tx, p.id, subject)),
            byEmail: known(await repo.findUserByEmail(tx, email)),
            role,
          });
          if (decision.kind === 'refuse') throw new SsoRefused(decision.reason, decision.detail);
          const at = now();
          const system = {
            id: 'system',
            name: `sign-in via ${p.name}`,
            role: 'owner' as const,
            vendorId: null,
            ...meta,
          };
          let user: User;
          if (decision.kind === 'create') {
            user = await repo.insertUser(tx, {
              id: newId('usr'),
              name: name.slice(0, 200),
              email,
              // No password: this account signs in through its provider only.
              passwordHash: '!sso',
              role: decision.role,
              vendorId: decision.vendorId,
              disabled: 0,
              createdAt: at,
              updatedAt: at,
              lastLoginAt: at,
              ssoProviderId: p.id,
              ssoSubject: subject,
            });
            await audit.record(tx, system, {
              action: 'user.create',
              entityType: 'user',
              entityId: user.id,
              changes: diff(null, {
                name: user.name,
                email,
                role: user.role,
                vendorId: user.vendorId,
                provider: p.key,
              }),
            });
          } else {
            const before = (await repo.findUserById(tx, decision.account.id))!;
            user = await repo.updateUser(tx, before.id, {
              role: decision.role,
              vendorId: decision.vendorId,
              lastLoginAt: at,
              ...(decision.link ? { ssoProviderId: p.id, ssoSubject: subject } : {}),
              ...(before.role !== decision.role ? { updatedAt: at } : {}),
            });
            // A changed role ends the sessions the old role opened.
            if (before.role !== decision.role) await repo.deleteUserSessions(tx, before.id);
            if (before.role !== decision.role || decision.link)
              await audit.record(tx, system, {
                action: 'user.update',
                entityType: 'user',
                entityId: user.id,
                changes: {
                  ...diff({ role: before.role }, { role: user.role }),
                  ...(decision.link ? { provider: { after: p.key } } : {}),
                },
              });
          }
          if (oldSessionId) await repo.deleteSession(tx, sha256(oldSessionId));
          const session = await startSession(tx, user, meta);
          await ssoRepo.setSessionSso(tx, sha256(session.sessionId), p.id, tokens.id_token ?? '');
          await audit.record(
            tx,
            { id: user.id, name: user.name, role: user.role as Role, vendorId: user.vendorId, ...meta },
            {
              action: 'auth.sso',
              entityType: 'user',
              entityId: user.id,
              changes: { provider: { after: p.key } },
            },
          );
          return { user, ...session, returnTo: request.returnTo };
        });
      } catch (err) {
        if (!(err instanceof SsoRefused)) throw err;
        await recordRefusal(p, err.reason, err.message, meta, who);
        throw err;
      }
    },

    /**
     * Where to end the session at the provider too (RP-initiated logout), for a session that came
     * from single sign-on and a provider that announces an `end_session_endpoint`; otherwise null.
     */
    async endSessionUrl(sessionId: string): Promise<string | null> {
      const session = await ssoRepo.findSessionProvider(db, sha256(sessionId));
      if (!session?.ssoProviderId) return null;
      const p = await ssoRepo.findProvider(db, session.ssoProviderId);
      if (!p) return null;
      try {
        const configuration = await configurationOf(p);
        if (!configuration.serverMetadata().end_session_endpoint) return null;
        return oidc.buildEndSessionUrl(configuration, {
          ...(session.idToken ? { id_token_hint: session.idToken } : {}),
          client_id: p.clientId,
          ...(config.publicUrl ? { post_logout_redirect_uri: `${config.publicUrl}/login` } : {}),
        }).href;
      } catch {
        return null;
      }
    },
  };
}
