/**
 * Authorisation by the one policy table (src/contracts/policy.ts): services ask `authorize` before they act;
 * routes never decide. A vendor role listed here acts only on its own vendor, and that scope is
 * applied inside the repository queries (see `Scope`).
 */
import type { Role, TokenScope } from '../contracts/accounts';
import { type Action, type Resource, roleCan, tokenCan, tokenNeeds } from '../contracts/policy';
import { forbidden, insufficientScope, notFound } from './errors';

export interface Actor {
  id: string;
  name: string;
  role: Role;
  vendorId: string | null;
  requestId: string | null;
  ip: string | null;
  /** Set when the request came with an API token: what the token may do within the role. */
  tokenScope?: TokenScope;
}

/** The system itself (CLI, migrations, demo loader): acts as owner, audited as "system". */
export const systemActor = (name = 'system'): Actor => ({
  id: 'system',
  name,
  role: 'owner',
  vendorId: null,
  requestId: null,
  ip: null,
});

/** Fields of a vendor that only internal users may see or change. */
export const VENDOR_INTERNAL_FIELDS = ['status', 'criticality', 'ownerId', 'notes', 'lei'] as const;

/** What a query must be limited to: a vendor user's own vendor, or nothing for internal users. */
export interface Scope {
  vendorId: string | null;
}

export function can(actor: Actor, resource: Resource, action: Action): boolean {
  return roleCan(actor.role, resource, action);
}

/** How a resource is named in messages: `changeRequest` → "change request". */
const NAMES: Partial<Record<Resource, string>> = {
  auditEvent: 'audit trail',
  sow: 'statement of work',
  slaSettings: 'SLA settings',
  slaPeriod: 'SLA period',
  vendorReference: 'reference check',
  dataFlow: 'register entry',
  vendorTier: 'risk tier',
  dataSharingSettings: 'data-sharing settings',
  dataProtection: 'data-protection overview',
  riskSignal: 'risk signal',
  riskSettings: 'risk settings',
  personalData: 'person’s personal data',
  identityProvider: 'identity provider',
};
const resourceName = (r: Resource) => NAMES[r] ?? r.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

const objectName = (resource: Resource) => {
  const name = resourceName(resource);
  if (resource === 'auditEvent') return 'the audit trail';
  if (resource === 'password') return 'your password';
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
};

/**
 * Throws when the actor's role may not act, or the API token it came with may not. A vendor user
 * whose role may not is answered 404, as if the thing did not exist; an internal user 403. A
 * token's scope is judged after the role, so a vendor user still learns nothing of other vendors.
 */
export function authorize(actor: Actor, resource: Resource, action: Action): Scope {
  if (!can(actor, resource, action)) {
    if (actor.role === 'vendor') throw notFound(resourceName(resource));
    throw forbidden(`The ${actor.role} role may not ${action} ${objectName(resource)}.`);
  }
  if (actor.tokenScope && !tokenCan(actor.tokenScope, resource, action)) {
    const needs = tokenNeeds(resource, action);
    throw insufficientScope(
      needs === 'session'
        ? `An API token may not ${action} ${objectName(resource)}: sign in to do this.`
        : `This API token has the ${actor.tokenScope} scope; to ${action} ${objectName(resource)} it needs the ${needs} scope.`,
      needs,
    );
  }
  return { vendorId: actor.role === 'vendor' ? (actor.vendorId ?? '__none__') : null };
}

/** The methods that change nothing: all a `read` token may send. */
export const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The scope check of a whole request, before its body is read or validated: a `read` token sends
 * only requests that change nothing, whatever route they reach, and no token reaches a route that
 * manages credentials (`sessionOnly`). The actions a route takes are then judged again by
 * `authorize`. Throws 403 otherwise.
 */
export function authorizeRequest(actor: Actor, method: string, sessionOnly = false): void {
  if (actor.tokenScope && sessionOnly) {
    throw insufficientScope('An API token may not manage credentials: sign in to do this.', 'session');
  }
  if (actor.tokenScope === 'read' && !READ_METHODS.has(method)) {
    throw insufficientScope(
      `This API token has the read scope: it may only read (${[...READ_METHODS].join(', ')}). ` +
        'Create a token with the write scope to change things.',
      'write',
    );
  }
}

export const isInternal = (actor: Actor) => actor.role !== 'vendor';
