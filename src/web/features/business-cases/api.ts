import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  BusinessCase,
  BusinessCaseAnalysis,
  BusinessCaseInput,
  BusinessCaseListQuery,
} from '../../../contracts/business-cases';
import type { Page } from '../../../contracts/common';
import type { Vendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

export type CaseFilters = Partial<Pick<BusinessCaseListQuery, 'q' | 'function' | 'sort'>> & {
  cursor?: string;
};

export const PAGE_SIZE = 25;

/** Every query key of the business-cases area. */
const caseKeys = {
  all: ['business-cases'] as const,
  lists: () => [...caseKeys.all, 'list'] as const,
  list: (filters: CaseFilters) => [...caseKeys.lists(), filters] as const,
  detail: (id: string) => [...caseKeys.all, 'detail', id] as const,
  analysis: (id: string) => [...caseKeys.all, 'analysis', id] as const,
  vendors: () => [...caseKeys.all, 'vendor-options'] as const,
};

export function useBusinessCases(filters: CaseFilters) {
  return useQuery({
    queryKey: caseKeys.list(filters),
    queryFn: () => api.get<Page<BusinessCase>>('/business-cases', { ...filters, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useBusinessCase(id: string) {
  return useQuery({
    queryKey: caseKeys.detail(id),
    queryFn: () => api.get<BusinessCase>(`/business-cases/${encodeURIComponent(id)}`),
  });
}

export function useAnalysis(id: string) {
  return useQuery({
    queryKey: caseKeys.analysis(id),
    queryFn: () => api.get<BusinessCaseAnalysis>(`/business-cases/${encodeURIComponent(id)}/analysis`),
  });
}

function useCaseChanged() {
  const qc = useQueryClient();
  return (c: BusinessCase) => {
    qc.setQueryData(caseKeys.detail(c.id), c);
    qc.invalidateQueries({ queryKey: caseKeys.analysis(c.id) });
    return qc.invalidateQueries({ queryKey: caseKeys.lists() });
  };
}

export function useCreateCase() {
  const changed = useCaseChanged();
  return useMutation({
    mutationFn: (body: BusinessCaseInput) => api.post<BusinessCase>('/business-cases', body),
    onSuccess: (c) => changed(c),
  });
}

export function useReplaceCase(id: string) {
  const changed = useCaseChanged();
  return useMutation({
    mutationFn: (body: BusinessCaseInput) => api.put<BusinessCase>(`/business-cases/${id}`, body),
    onSuccess: (c) => changed(c),
  });
}

export function useDeleteCase(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.delete(`/business-cases/${id}`),
    onSuccess: () => {
      qc.removeQueries({ queryKey: caseKeys.detail(id) });
      return qc.invalidateQueries({ queryKey: caseKeys.lists() });
    },
  });
}

/** Vendors a bid can come from, for the option's vendor select. */
export function useVendorOptions() {
  return useQuery({
    queryKey: caseKeys.vendors(),
    queryFn: () => api.get<Page<Vendor>>('/vendors', { limit: 200 }),
    select: (page) => page.items.map((v) => ({ value: v.id, label: v.name })),
  });
}

/** The download link; a CSV comes with a byte order mark, so that Excel reads any script. */
export const exportUrl = (id: string, format: 'csv' | 'pdf') =>
  `/api/v1/business-cases/${encodeURIComponent(id)}/export?format=${format}${format === 'csv' ? '&bom=1' : ''}`;

/** The organisation's currency, the default reporting currency of a new case. */
export function useOrganisationCurrency() {
  return useQuery({
    queryKey: [...caseKeys.all, 'organisation-currency'],
    queryFn: () => api.get<{ currency: string }>('/settings/organisation'),
    select: (org) => org.currency,
  });
}
