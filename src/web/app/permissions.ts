/**
 * What the interface offers to the signed-in user, read from the rows of the policy table that the
 * server answers with the user (`GET /me`, `permissions`) — the table the server enforces on every
 * request, served rather than copied into the web app. These only keep the interface from offering
 * what the server would refuse; the server still decides.
 */
import type { Role } from '../../contracts/accounts';
import type { Action, Grants, Resource } from '../../contracts/policy';

/** The signed-in user as the checks need them: their role and their served grants. */
interface Caller {
  role: Role;
  grants: Grants;
}

/** May the signed-in user take this action on this resource (the server's answer, served)? */
export function can(caller: Caller, resource: Resource, action: Action): boolean {
  return caller.grants[resource]?.includes(action) ?? false;
}

export const permissions = {
  manageUsers: (c: Caller) => can(c, 'user', 'create'),
  manageOrganisation: (c: Caller) => can(c, 'organisation', 'update'),
  readAudit: (c: Caller) => can(c, 'auditEvent', 'read'),
  writeVendors: (c: Caller) => can(c, 'vendor', 'create'),
  writeBusinessCases: (c: Caller) => can(c, 'businessCase', 'create'),
  exportVendors: (c: Caller) => can(c, 'vendor', 'export'),
  /** Settings → Sign-in: identity providers and their role mapping (owners). */
  manageSignIn: (c: Caller) => can(c, 'identityProvider', 'update'),
  /** A vendor user edits their own profile, without the internal fields. */
  editVendor: (c: Caller) => can(c, 'vendor', 'update'),
  editContacts: (c: Caller) => can(c, 'vendorContact', 'update'),
  /** Add, change and remove a vendor's delivery sites (writers and the vendor's own users). */
  editSites: (c: Caller) => can(c, 'vendorSite', 'update'),
  /** Staff of the organisation, as opposed to a vendor's own users (who the person is, not a grant). */
  isInternal: (c: Caller) => c.role !== 'vendor',
  isVendor: (c: Caller) => c.role === 'vendor',
  /** Open and edit engagements, write and approve SOWs, decide change requests. */
  writeEngagements: (c: Caller) => can(c, 'engagement', 'create'),
  /** Load sanctions lists, set the threshold and the fetch schedules (owners and administrators). */
  manageSanctionsLists: (c: Caller) => can(c, 'sanctionsList', 'import'),
  /** Decide screening hits (writers). */
  decideSanctionsHits: (c: Caller) => can(c, 'sanctionsHit', 'decide'),
  /** Keep a vendor's aliases and screen it again (writers). */
  editScreening: (c: Caller) => can(c, 'vendorScreening', 'update'),
};

/** Human labels for roles. */
export const ROLE_LABELS: Record<Role, string> = {
  owner: 'Owner',
  admin: 'Administrator',
  manager: 'Manager',
  viewer: 'Viewer',
  auditor: 'Auditor',
  vendor: 'Vendor user',
};
