/**
 * Single sign-on (OpenID Connect): the identity providers an owner configures in Settings → Sign-in,
 * their role mapping (a claim or group value → a role), and what the sign-in page shows.
 */
import { z } from 'zod';
import type { Role } from './accounts';
import { Instant, idOf, Name } from './common';

/** The roles a mapping may grant: never `owner` (owners are made by owners, and keep a password). */
export const MAPPABLE_ROLES = ['admin', 'manager', 'auditor', 'viewer', 'vendor'] as const;
export const MappableRole = z.enum(MAPPABLE_ROLES, {
  message: `must be one of ${MAPPABLE_ROLES.join(', ')} (an owner is made by an owner)`,
});

/** The strongest role first: where several values of a person map, the first in this list wins. */
export const ROLE_PRECEDENCE: readonly Role[] = ['admin', 'manager', 'auditor', 'viewer', 'vendor'];

export const ProviderKey = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, {
  message: 'must be 1 to 40 lower-case letters, digits or dashes (it is part of the redirect URI)',
});

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    message: 'must be an e-mail domain such as example.com',
  });

const Issuer = z
  .string()
  .trim()
  .max(500)
  .refine(
    (v) => {
      try {
        const u = new URL(v);
        return !u.search && !u.hash && (u.protocol === 'https:' || u.protocol === 'http:');
      } catch {
        return false;
      }
    },
    { message: 'must be the issuer URL (https://…), without query or fragment' },
  );

export const RoleMapping = z.object({
  value: z.string().trim().min(1, { message: 'is required' }).max(300),
  role: MappableRole,
});
export type RoleMapping = z.infer<typeof RoleMapping>;

export const IdentityProvider = z
  .object({
    id: idOf('idp'),
    key: ProviderKey,
    name: z.string(),
    issuer: z.string(),
    clientId: z.string(),
    /** Never the secret itself: whether one is stored. */
    hasClientSecret: z.boolean(),
    vendorId: z.string().nullable(),
    domains: z.array(z.string()),
    roleClaim: z.string(),
    enabled: z.boolean(),
    mappings: z.array(RoleMapping),
    /** Where the provider must send people back to (register it there). */
    redirectUri: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'IdentityProvider' });

const ProviderFields = {
  name: Name,
  issuer: Issuer,
  clientId: z.string().trim().min(1, { message: 'is required' }).max(500),
  clientSecret: z.string().min(1, { message: 'is required' }).max(2000),
  vendorId: z.string().max(64).nullable(),
  domains: z.array(Domain).max(50),
  roleClaim: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_:.\-/]{1,200}$/, { message: 'must be a claim name such as groups or roles' }),
  enabled: z.boolean(),
  mappings: z.array(RoleMapping).max(500),
};

export const CreateIdentityProviderBody = z
  .object({
    key: ProviderKey,
    ...ProviderFields,
    vendorId: ProviderFields.vendorId.default(null),
    domains: ProviderFields.domains.default([]),
    roleClaim: ProviderFields.roleClaim.default('groups'),
    enabled: ProviderFields.enabled.default(true),
    mappings: ProviderFields.mappings.default([]),
  })
  .strict();

/** Every field may change but the key (it is in the redirect URI registered at the provider) and the vendor. */
export const UpdateIdentityProviderBody = z
  .object({
    name: ProviderFields.name,
    issuer: ProviderFields.issuer,
    clientId: ProviderFields.clientId,
    clientSecret: ProviderFields.clientSecret,
    domains: ProviderFields.domains,
    roleClaim: ProviderFields.roleClaim,
    enabled: ProviderFields.enabled,
    mappings: ProviderFields.mappings,
  })
  .partial()
  .strict();

/** What the sign-in page shows: one button per enabled provider. */
export const SignInProvider = z.object({ key: ProviderKey, name: z.string() }).meta({ id: 'SignInProvider' });

export const ProviderKeyParams = z.object({ key: ProviderKey });

export const SsoStartQuery = z.object({
  /** Where to land after signing in: a path of this site only. */
  returnTo: z.string().max(500).optional(),
});

export const SsoCallbackQuery = z.object({
  code: z.string().max(4000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
  iss: z.string().max(500).optional(),
  session_state: z.string().max(500).optional(),
});

/** Why a single sign-on was refused: the sign-in page explains each (`/login?sso=<reason>`). */
export const SSO_REFUSALS = [
  'state',
  'provider',
  'token',
  'unmapped',
  'no-email',
  'account',
  'disabled',
  'vendor',
] as const;
export type SsoRefusal = (typeof SSO_REFUSALS)[number];

/** What a signed-in session's sign-out answers where the provider ends its session too. */
export const LogoutAnswer = z.object({
  /** Open this to end the session at the identity provider as well (RP-initiated logout). */
  endSessionUrl: z.string(),
});
