import { describe, expect, it } from 'vitest';
import {
  claimValues,
  type KnownAccount,
  mappedRole,
  mappingProblems,
  safeReturnTo,
  signInDecision,
} from './sso-rules';

const internal = { id: 'idp_A', vendorId: null, domains: ['corp.example'] };
const vendorIdp = { id: 'idp_V', vendorId: 'vnd_1', domains: [] };
const account = (over: Partial<KnownAccount> = {}): KnownAccount => ({
  id: 'usr_1',
  role: 'viewer',
  vendorId: null,
  disabled: false,
  ssoProviderId: null,
  ...over,
});

describe('single sign-on rules', () => {
  it('reads a claim as a string, an array of strings or a dotted path (Keycloak realm roles)', () => {
    expect(claimValues({ groups: ['a', 1, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ hd: 'corp.example' }, 'hd')).toEqual(['corp.example']);
    expect(claimValues({ realm_access: { roles: ['outpost-admin'] } }, 'realm_access.roles')).toEqual([
      'outpost-admin',
    ]);
    expect(claimValues({}, 'groups')).toEqual([]);
    expect(claimValues({ groups: { toString: 'x' } }, 'groups.constructor')).toEqual([]);
  });

  it('gives the strongest mapped role, or none', () => {
    const m = [
      { value: 'v', role: 'viewer' as const },
      { value: 'a', role: 'admin' as const },
      { value: 'm', role: 'manager' as const },
    ];
    expect(mappedRole(m, ['v', 'm'])).toBe('manager');
    expect(mappedRole(m, ['v', 'a', 'm'])).toBe('admin');
    expect(mappedRole(m, ['x'])).toBeNull();
  });

  it('keeps a vendor provider to the vendor role and the organisation’s to internal roles', () => {
    expect(mappingProblems([{ value: 'x', role: 'admin' }], true)).toEqual([
      { field: 'mappings.0.role', message: expect.stringMatching(/vendor/) },
    ]);
    expect(mappingProblems([{ value: 'x', role: 'vendor' }], false)).toHaveLength(1);
    expect(
      mappingProblems(
        [
          { value: 'x', role: 'viewer' },
          { value: 'x', role: 'admin' },
        ],
        false,
      ),
    ).toEqual([{ field: 'mappings.1.value', message: 'is mapped twice' }]);
  });

  it('lands only on a path of this site', () => {
    expect(safeReturnTo('/vendors?x=1')).toBe('/vendors?x=1');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', '/a\nb', undefined])
      expect(safeReturnTo(bad)).toBe('/');
  });

  it('links an existing e-mail only on a bound domain, never moves a vendor user and never remaps an owner', () => {
    const facts = {
      provider: internal,
      email: 'a@corp.example',
      bySubject: undefined,
      role: 'manager' as const,
    };
    expect(signInDecision({ ...facts, byEmail: account() })).toMatchObject({
      kind: 'update',
      link: true,
      role: 'manager',
    });
    expect(signInDecision({ ...facts, email: 'a@other.example', byEmail: account() })).toMatchObject({
      kind: 'refuse',
      reason: 'account',
    });
    expect(
      signInDecision({ ...facts, byEmail: account({ role: 'vendor', vendorId: 'vnd_1' }) }),
    ).toMatchObject({
      reason: 'vendor',
    });
    expect(signInDecision({ ...facts, role: null, byEmail: account({ role: 'owner' }) })).toMatchObject({
      kind: 'update',
      role: 'owner',
    });
    expect(signInDecision({ ...facts, byEmail: undefined, role: null })).toMatchObject({
      reason: 'unmapped',
    });
    expect(signInDecision({ ...facts, byEmail: account({ disabled: true }) })).toMatchObject({
      reason: 'disabled',
    });
    const v = { provider: vendorIdp, email: 'c@acme.example', bySubject: undefined, byEmail: undefined };
    expect(signInDecision({ ...v, role: 'vendor' })).toEqual({
      kind: 'create',
      role: 'vendor',
      vendorId: 'vnd_1',
    });
    expect(signInDecision({ ...v, role: 'admin' })).toMatchObject({ reason: 'unmapped' });
    expect(
      signInDecision({ ...v, role: 'vendor', bySubject: account({ role: 'vendor', vendorId: 'vnd_2' }) }),
    ).toMatchObject({ reason: 'vendor' });
  });
});
