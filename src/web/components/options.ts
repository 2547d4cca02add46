/**
 * Option lists that several features pick from, under one key factory: the vendors to choose
 * from and the internal users who may own something. A feature that changes vendors or users
 * invalidates `optionKeys` too.
 */
import { useQuery } from '@tanstack/react-query';
import type { User } from '../../contracts/accounts';
import type { Page } from '../../contracts/common';
import type { Vendor } from '../../contracts/vendors';
import { api } from '../app/api';

export const optionKeys = {
  all: ['options'] as const,
  vendors: () => [...optionKeys.all, 'vendors'] as const,
  internalUsers: () => [...optionKeys.all, 'internal-users'] as const,
};

/** Vendors to choose from, the first 200 by name (a vendor user gets only their own). */
export function useVendorOptions(enabled = true) {
  return useQuery({
    queryKey: optionKeys.vendors(),
    queryFn: () => api.get<Page<Vendor>>('/vendors', { limit: 200, sort: 'name' }),
    enabled,
    select: (page) => page.items.map((v) => ({ value: v.id, label: v.name, timezone: v.timezone })),
  });
}

/** Internal users who may own a vendor, an engagement or a risk; only administrators may list users. */
export function useInternalUserOptions(enabled: boolean) {
  return useQuery({
    queryKey: optionKeys.internalUsers(),
    queryFn: () => api.get<Page<User>>('/users', { limit: 200 }),
    enabled,
    select: (page) =>
      page.items
        .filter((u) => u.role !== 'vendor' && !u.disabled)
        .map((u) => ({ value: u.id, label: u.name })),
  });
}
