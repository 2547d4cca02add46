/**
 * What the interface offers to each role, read from the policy table in src/contracts/policy.ts
 * that the server enforces on every request: these only keep the interface from offering what
 * the server would refuse.
 */
import type { Role } from '../../contracts/accounts';
import { INTERNAL, roleCan } from '../../contracts/policy';

export const permissions = {
  manageUsers: (role: Role) => roleCan(role, 'user', 'create'),
  manageOrganisation: (role: Role) => roleCan(role, 'organisation', 'update'),
  /** Settings → Sign-in: identity providers and their role mapping (owners). */
  manageSignIn: (role: Role) => roleCan(role, 'identityProvider', 'update'),
  readAudit: (role: Role) => roleCan(role, 'auditEvent', 'read'),
  writeVendors: (role: Role) => roleCan(role, 'vendor', 'create'),
  writeBusinessCases: (role: Role) => roleCan(role, 'businessCase', 'create'),
  exportVendors: (role: Role) => roleCan(role, 'vendor', 'export'),
  /** A vendor user edits their own profile, without the internal fields. */
  editVendor: (role: Role) => roleCan(role, 'vendor', 'update'),
  editContacts: (role: Role) => roleCan(role, 'vendorContact', 'update'),
  /** Add, change and remove a vendor's delivery sites (writers and the vendor's own users). */
  editSites: (role: Role) => roleCan(role, 'vendorSite', 'update'),
  isInternal: (role: Role) => INTERNAL.includes(role),
  /** Open and edit engagements, write and approve SOWs, decide change requests. */
  writeEngagements: (role: Role) => roleCan(role, 'engagement', 'create'),
  /** Load sanctions lists, set the threshold and the fetch schedules (owners and administrators). */
  manageSanctionsLists: (role: Role) => roleCan(role, 'sanctionsList', 'import'),
  /** Decide screening hits (writers). */
  decideSanctionsHits: (role: Role) => roleCan(role, 'sanctionsHit', 'decide'),
  /** Keep a vendor's aliases and screen it again (writers). */
  editScreening: (role: Role) => roleCan(role, 'vendorScreening', 'update'),
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
