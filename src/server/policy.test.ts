/**
 * API token scopes in the policy table, for every resource and action it grants: the expectations
 * are written out here on their own (what only reads; what manages credentials), not read from the
 * table, so a new action or resource placed in the wrong scope fails.
 */
import { describe, expect, it } from 'vitest';
import { type Action, policyPairs, type Resource, roleCan } from '../contracts/policy';
import { AppError } from './errors';
import { type Actor, authorize, authorizeRequest } from './policy';

/** Actions that change nothing. */
const READS: Action[] = ['read', 'export'];
/** Resource-specific reads: verifying the audit chain recomputes hashes and writes nothing. */
const ALSO_READS: Array<[Resource, Action]> = [['auditEvent', 'verify']];
/** One's own credentials: API tokens (and the calendar-feed address) and the password. */
const SESSION_ONLY: Array<[Resource, Action]> = [
  ['token', 'create'],
  ['token', 'delete'],
  ['password', 'update'],
];
const has = (list: Array<[Resource, Action]>, r: Resource, a: Action) =>
  list.some(([lr, la]) => lr === r && la === a);

const ROLES = ['owner', 'admin', 'manager', 'viewer', 'auditor', 'vendor'] as const;
const actor = (role: Actor['role'], tokenScope?: Actor['tokenScope']): Actor => ({
  id: 'usr_1',
  name: 'Tess',
  role,
  vendorId: role === 'vendor' ? 'vnd_1' : null,
  requestId: null,
  ip: null,
  ...(tokenScope ? { tokenScope } : {}),
});

/** What `authorize` did: allowed, or the status and problem code it threw. */
function outcome(a: Actor, r: Resource, action: Action): string {
  try {
    authorize(a, r, action);
    return 'allowed';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return `${e.status} ${e.code}`;
  }
}

describe('API token scopes in the policy table', () => {
  const pairs = policyPairs();

  it('covers every resource and action the table grants', () => {
    expect(pairs.length).toBeGreaterThan(150);
    for (const [r, a] of [...ALSO_READS, ...SESSION_ONLY]) expect(pairs).toContainEqual([r, a]);
  });

  it('lets a read token only read and export, a write token everything but credentials, within the role', () => {
    const wrong: string[] = [];
    for (const [resource, action] of pairs) {
      const reads = READS.includes(action) || has(ALSO_READS, resource, action);
      const sessionOnly = has(SESSION_ONLY, resource, action);
      for (const role of ROLES) {
        const session = outcome(actor(role), resource, action);
        const byRole = roleCan(role, resource, action);
        // The scope never widens the role, and a role's refusal stays what it was (404 for a vendor user).
        const expected = (scope: 'read' | 'write') =>
          !byRole
            ? session
            : sessionOnly
              ? '403 session-required'
              : scope === 'write' || reads
                ? 'allowed'
                : '403 insufficient-scope';
        for (const scope of ['read', 'write'] as const) {
          const got = outcome(actor(role, scope), resource, action);
          if (got !== expected(scope))
            wrong.push(`${role}/${scope} ${action} ${resource}: ${got}, expected ${expected(scope)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a read token every method but GET, HEAD and OPTIONS, and any token a session-only route', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS'])
      expect(() => authorizeRequest(actor('owner', 'read'), method)).not.toThrow();
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'TRACE', 'CONNECT', 'PROPFIND']) {
      expect(() => authorizeRequest(actor('owner', 'read'), method)).toThrow(/read scope/);
      expect(() => authorizeRequest(actor('owner', 'write'), method)).not.toThrow();
      expect(() => authorizeRequest(actor('owner'), method)).not.toThrow();
    }
    for (const scope of ['read', 'write'] as const)
      expect(() => authorizeRequest(actor('viewer', scope), 'POST', true)).toThrow(/sign in/);
    expect(() => authorizeRequest(actor('viewer'), 'POST', true)).not.toThrow();
  });
});
