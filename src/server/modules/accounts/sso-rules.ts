/** Single sign-on's pure rules: which role a person's claims map to, and whether a sign-in may go ahead. */
import type { Role } from '../../../contracts/accounts';
import { ROLE_PRECEDENCE, type RoleMapping, type SsoRefusal } from '../../../contracts/identity';

/** The lower-case domain of an e-mail address ('' when there is none). */
export const emailDomain = (email: string) => email.slice(email.lastIndexOf('@') + 1).toLowerCase();

/**
 * The values of a claim as strings: a string, or the strings of an array (Entra ID, Okta and Google
 * send `groups` as an array). A dotted name reads a nested claim (Keycloak's `realm_access.roles`).
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let value: unknown = Object.hasOwn(claims, name) ? claims[name] : undefined;
  if (value === undefined && name.includes('.')) {
    value = claims;
    for (const part of name.split('.')) {
      value =
        value && typeof value === 'object' && Object.hasOwn(value, part)
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The strongest role the values map to (ROLE_PRECEDENCE), or null when none of them is mapped. */
export function mappedRole(mappings: readonly RoleMapping[], values: readonly string[]): Role | null {
  const given = new Set(values);
  const roles = new Set<Role>(mappings.filter((m) => given.has(m.value)).map((m) => m.role));
  return ROLE_PRECEDENCE.find((r) => roles.has(r)) ?? null;
}

/**
 * What is wrong with a provider's mapping, as field errors: a vendor's own provider maps only to
 * the vendor role (its people belong to that vendor and nowhere else); the organisation's providers
 * map only to internal roles; a value appears once.
 */
export function mappingProblems(mappings: readonly RoleMapping[], vendorProvider: boolean) {
  const problems: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  mappings.forEach((m, i) => {
    if (vendorProvider && m.role !== 'vendor')
      problems.push({
        field: `mappings.${i}.role`,
        message: 'must be vendor: a vendor’s own provider cannot grant an internal role',
      });
    if (!vendorProvider && m.role === 'vendor')
      problems.push({
        field: `mappings.${i}.role`,
        message: 'cannot be vendor here: give the vendor its own provider instead',
      });
    if (seen.has(m.value)) problems.push({ field: `mappings.${i}.value`, message: 'is mapped twice' });
    seen.add(m.value);
  });
  return problems;
}

/** A path of this site to land on after signing in; anything else (another host, `//host`) lands on `/`. */
export function safeReturnTo(path: string | undefined): string {
  if (!path?.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  return [...path].some((c) => c.charCodeAt(0) < 0x20 || c === '\\') ? '/' : path;
}

export interface KnownAccount {
  id: string;
  role: Role;
  vendorId: string | null;
  disabled: boolean;
  ssoProviderId: string | null;
}

interface SignInFacts {
  provider: { id: string; vendorId: string | null; domains: readonly string[] };
  email: string;
  /** The account already linked to this provider's subject, and the account with the e-mail. */
  bySubject: KnownAccount | undefined;
  byEmail: KnownAccount | undefined;
  /** The role the claims map to (null: none). */
  role: Role | null;
}

type SignInDecision =
  | { kind: 'refuse'; reason: SsoRefusal; detail: string }
  | { kind: 'create'; role: Role; vendorId: string | null }
  | { kind: 'update'; account: KnownAccount; role: Role; vendorId: string | null; link: boolean };

/**
 * May this single sign-on go ahead, and as whom? An account is found by the provider's subject, or
 * by e-mail when that e-mail's domain is bound to this provider (the organisation vouches that the
 * provider owns it); otherwise an existing e-mail is never taken over. The mapping is applied
 * again at every sign-in, but for owners (made and changed by owners only). A vendor's provider
 * signs in only that vendor's users, always as vendor users; no provider turns a vendor user into
 * an internal one or moves them to another vendor.
 */
export function signInDecision(f: SignInFacts): SignInDecision {
  const vendorProvider = f.provider.vendorId !== null;
  let account = f.bySubject;
  let link = false;
  if (!account && f.byEmail) {
    const linkable = f.byEmail.ssoProviderId === null && f.provider.domains.includes(emailDomain(f.email));
    if (!linkable)
      return {
        kind: 'refuse',
        reason: 'account',
        detail:
          'An account with this e-mail exists and is not linked to this provider; an owner can bind its domain to the provider.',
      };
    account = f.byEmail;
    link = true;
  }
  if (account?.disabled) return { kind: 'refuse', reason: 'disabled', detail: 'This account is disabled.' };
  if (account) {
    const crossesVendor = vendorProvider
      ? account.role !== 'vendor' || account.vendorId !== f.provider.vendorId
      : account.role === 'vendor';
    if (crossesVendor)
      return {
        kind: 'refuse',
        reason: 'vendor',
        detail: vendorProvider
          ? 'This provider signs in only its own vendor’s users.'
          : 'A vendor user cannot sign in through the organisation’s provider.',
      };
    if (account.role === 'owner') return { kind: 'update', account, role: 'owner', vendorId: null, link };
  }
  const allowed = f.role !== null && (vendorProvider ? f.role === 'vendor' : f.role !== 'vendor');
  if (!allowed || f.role === null)
    return {
      kind: 'refuse',
      reason: 'unmapped',
      detail: 'None of your groups is mapped to a role in Outpost.',
    };
  const vendorId = vendorProvider ? f.provider.vendorId : null;
  return account
    ? { kind: 'update', account, role: f.role, vendorId, link }
    : { kind: 'create', role: f.role, vendorId };
}
