import {
  keepPreviousData,
  type QueryClient,
  type QueryKey,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type { Page } from '../../../contracts/common';
import type {
  Contact,
  ContactBody,
  CreateVendorBody,
  ImportResult,
  SiteBody,
  UpdateVendorBody,
  Vendor,
  VendorFacingVendor,
  VendorListQuery,
  VendorSite,
} from '../../../contracts/vendors';
import { api } from '../../app/api';
import { optionKeys } from '../../components/options';

export type VendorContact = z.infer<typeof Contact>;
export type VendorFilters = Partial<Omit<z.input<typeof VendorListQuery>, 'limit'>>;

export const PAGE_SIZE = 25;

/** Every query key of the vendors area. */
const vendorKeys = {
  all: ['vendors'] as const,
  lists: () => [...vendorKeys.all, 'list'] as const,
  list: (filters: VendorFilters) => [...vendorKeys.lists(), filters] as const,
  detail: (id: string) => [...vendorKeys.all, 'detail', id] as const,
};

/** A change to the vendors invalidates this feature's lists and the shared vendor options. */
const invalidateLists = (qc: QueryClient, queryKey: QueryKey) =>
  Promise.all([qc.invalidateQueries({ queryKey }), qc.invalidateQueries({ queryKey: optionKeys.vendors() })]);

export function useVendors(filters: VendorFilters) {
  return useQuery({
    queryKey: vendorKeys.list(filters),
    queryFn: () => api.get<Page<Vendor>>('/vendors', { ...filters, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useVendor(id: string) {
  return useQuery({
    queryKey: vendorKeys.detail(id),
    // A vendor user receives the vendor-facing shape: no status, criticality, owner or notes.
    queryFn: () => api.get<Vendor | VendorFacingVendor>(`/vendors/${encodeURIComponent(id)}`),
  });
}

function useVendorChanged() {
  const qc = useQueryClient();
  return (vendor?: Vendor) => {
    if (vendor) qc.setQueryData(vendorKeys.detail(vendor.id), vendor);
    return invalidateLists(qc, vendorKeys.lists());
  };
}

export function useCreateVendor() {
  const changed = useVendorChanged();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateVendorBody>) => api.post<Vendor>('/vendors', body),
    onSuccess: (vendor) => changed(vendor),
  });
}

export function useUpdateVendor(id: string) {
  const changed = useVendorChanged();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateVendorBody>) => api.patch<Vendor>(`/vendors/${id}`, body),
    onSuccess: (vendor) => changed(vendor),
  });
}

export function useDeleteVendor(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/vendors/${id}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: vendorKeys.detail(id) });
      return invalidateLists(qc, vendorKeys.lists());
    },
  });
}

/** Contacts change the vendor document, which carries them: refetch it. */
function useContactMutation<T>(vendorId: string, fn: (body: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: vendorKeys.detail(vendorId) }),
  });
}

type ContactInput = z.input<typeof ContactBody>;

export function useAddContact(vendorId: string) {
  return useContactMutation(vendorId, (body: ContactInput) =>
    api.post<VendorContact>(`/vendors/${vendorId}/contacts`, body),
  );
}

export function useUpdateContact(vendorId: string) {
  return useContactMutation(vendorId, ({ id, ...body }: ContactInput & { id: string }) =>
    api.patch<VendorContact>(`/vendors/${vendorId}/contacts/${id}`, body),
  );
}

export function useRemoveContact(vendorId: string) {
  return useContactMutation(vendorId, (contactId: string) =>
    api.delete(`/vendors/${vendorId}/contacts/${contactId}`),
  );
}

const siteKeys = (vendorId: string) => [...vendorKeys.all, 'sites', vendorId] as const;

/** A vendor's delivery sites. */
export function useVendorSites(vendorId: string) {
  return useQuery({
    queryKey: siteKeys(vendorId),
    queryFn: () => api.get<{ items: VendorSite[] }>(`/vendors/${encodeURIComponent(vendorId)}/sites`),
  });
}

/** The vendor's holiday calendars, for the calendar a site keeps. */
export function useVendorCalendarOptions(vendorId: string) {
  return useQuery({
    queryKey: ['holiday-calendars', 'list', 'owner', vendorId] as const,
    queryFn: () =>
      api.get<Page<{ id: string; name: string }>>('/holiday-calendars', { owner: vendorId, limit: 200 }),
  });
}

/** A site changes the site list and the partner brief, which has one part per site. */
function useSiteMutation<T>(vendorId: string, fn: (body: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: siteKeys(vendorId) }),
        qc.invalidateQueries({ queryKey: ['briefs', vendorId] }),
      ]),
  });
}

export function useSaveSite(vendorId: string) {
  return useSiteMutation(vendorId, ({ id, ...body }: SiteBody & { id: string | null }) =>
    id
      ? api.patch<VendorSite>(`/vendors/${vendorId}/sites/${id}`, body)
      : api.post<VendorSite>(`/vendors/${vendorId}/sites`, body),
  );
}

export function useRemoveSite(vendorId: string) {
  return useSiteMutation(vendorId, (siteId: string) => api.delete(`/vendors/${vendorId}/sites/${siteId}`));
}

export function useImportVendors() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) =>
      api.postRaw<z.infer<typeof ImportResult>>('/vendors/import', csv, 'text/csv'),
    onSuccess: () => invalidateLists(qc, vendorKeys.all),
  });
}

/**
 * The CSV export, downloaded by the browser with the session cookie; with a byte order mark, so
 * that Excel reads names in any script.
 */
export const EXPORT_URL = '/api/v1/vendors/export?bom=1';
