/**
 * What the interface offers to each role. The server's policy table decides every request; these
 * lists only keep the interface from offering what the server would refuse.
 */
import type { Role } from '../../contracts/accounts';

const ADMINS: readonly Role[] = ['owner', 'admin'];
const WRITERS: readonly Role[] = ['owner', 'admin', 'manager'];

export const permissions = {
  manageUsers: (role: Role) => ADMINS.includes(role),
  manageOrganisation: (role: Role) => ADMINS.includes(role),
  readAudit: (role: Role) => [...ADMINS, 'auditor'].includes(role),
  writeVendors: (role: Role) => WRITERS.includes(role),
  writeBusinessCases: (role: Role) => WRITERS.includes(role),
  exportVendors: (role: Role) => role !== 'vendor',
  /** A vendor user edits their own profile, without the internal fields. */
  editVendor: (role: Role) => WRITERS.includes(role) || role === 'vendor',
  editContacts: (role: Role) => WRITERS.includes(role) || role === 'vendor',
  isInternal: (role: Role) => role !== 'vendor',
  /** Open and edit engagements, write and approve SOWs, decide change requests. */
  writeEngagements: (role: Role) => WRITERS.includes(role),
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
