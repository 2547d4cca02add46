/**
 * Authorisation by the one policy table (src/contracts/policy.ts): services ask `authorize` before they act;
 * routes never decide. A vendor role listed here acts only on its own vendor, and that scope is
 * applied inside the repository queries (see `Scope`).
 */
import type { Role } from '../contracts/accounts';
import { type Action, type Resource, roleCan } from '../contracts/policy';
import { forbidden, notFound } from './errors';

export interface Actor {
  id: string;
  name: string;
  role: Role;
  vendorId: string | null;
  requestId: string | null;
  ip: string | null;
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
export const VENDOR_INTERNAL_FIELDS = ['status', 'criticality', 'ownerId', 'notes'] as const;

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
};
const resourceName = (r: Resource) => NAMES[r] ?? r.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

/**
 * Throws when the actor's role may not act. A vendor user is answered 404, as if the thing did
 * not exist; an internal user 403.
 */
export function authorize(actor: Actor, resource: Resource, action: Action): Scope {
  if (!can(actor, resource, action)) {
    const name = resourceName(resource);
    if (actor.role === 'vendor') throw notFound(name);
    const object =
      resource === 'auditEvent' ? 'the audit trail' : `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
    throw forbidden(`The ${actor.role} role may not ${action} ${object}.`);
  }
  return { vendorId: actor.role === 'vendor' ? (actor.vendorId ?? '__none__') : null };
}

export const isInternal = (actor: Actor) => actor.role !== 'vendor';
