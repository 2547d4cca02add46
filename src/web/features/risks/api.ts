import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type {
  Heatmap,
  Risk,
  RiskBody,
  RiskFilters,
  RiskListQuery,
  RiskPatch,
  SignalRefreshResult,
} from '../../../contracts/risks';
import type { Vendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

/** The register's filters, and a heat map cell (inherent or residual) when one is picked. */
export type RiskListFilters = Partial<
  Pick<
    RiskListQuery,
    | 'kind'
    | 'vendorId'
    | 'category'
    | 'status'
    | 'likelihood'
    | 'impact'
    | 'residualLikelihood'
    | 'residualImpact'
  >
> & { cursor?: string };

const riskKeys = {
  all: ['risks'] as const,
  lists: () => [...riskKeys.all, 'list'] as const,
  list: (f: RiskListFilters) => [...riskKeys.lists(), f] as const,
  heatmap: (f: Partial<RiskFilters>) => [...riskKeys.all, 'heatmap', f] as const,
  vendors: () => [...riskKeys.all, 'vendor-options'] as const,
};

export function useRisks(filters: RiskListFilters) {
  return useQuery({
    queryKey: riskKeys.list(filters),
    queryFn: () => api.get<Page<Risk>>('/risks', { ...filters, limit: 25 }),
    placeholderData: keepPreviousData,
  });
}

export function useHeatmap(filters: Partial<RiskFilters>) {
  return useQuery({
    queryKey: riskKeys.heatmap(filters),
    queryFn: () => api.get<Heatmap>('/risks/heatmap', filters),
    placeholderData: keepPreviousData,
  });
}

export function useRiskVendors() {
  return useQuery({
    queryKey: riskKeys.vendors(),
    queryFn: () => api.get<Page<Vendor>>('/vendors', { limit: 200, sort: 'name' }),
    select: (p) => p.items,
  });
}

function useChanged() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: riskKeys.all });
}

export function useCreateRisk() {
  const changed = useChanged();
  return useMutation({ mutationFn: (body: RiskBody) => api.post<Risk>('/risks', body), onSuccess: changed });
}

export function useUpdateRisk(id: string) {
  const changed = useChanged();
  return useMutation({
    mutationFn: (body: RiskPatch) => api.patch<Risk>(`/risks/${encodeURIComponent(id)}`, body),
    onSuccess: changed,
  });
}

export function useRefreshSignals() {
  const changed = useChanged();
  return useMutation({
    mutationFn: () => api.post<SignalRefreshResult>('/risks/signals/refresh'),
    onSuccess: changed,
  });
}
