import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Agreement,
  AgreementBody,
  DataFlow,
  DataFlowBody,
  DataProtectionOverview,
  DataSharingSettings,
  VendorTier,
} from '../../../contracts/data-sharing';
import type { StoredFile } from '../../../contracts/files';
import { api, apiUrl } from '../../app/api';

type Items<T> = { items: T[] };

/** Every query key of the data-sharing area; a change invalidates all of it (flags and tiers follow from the register). */
const dataKeys = {
  all: ['data-sharing'] as const,
  engagement: (id: string) => [...dataKeys.all, 'engagement', id] as const,
  vendorFlows: (id: string) => [...dataKeys.all, 'vendor', id, 'flows'] as const,
  agreements: (id: string) => [...dataKeys.all, 'vendor', id, 'agreements'] as const,
  tier: (id: string) => [...dataKeys.all, 'vendor', id, 'tier'] as const,
  overview: () => [...dataKeys.all, 'overview'] as const,
};

export const useVendorFlows = (vendorId: string) =>
  useQuery({
    queryKey: dataKeys.vendorFlows(vendorId),
    queryFn: () => api.get<Items<DataFlow>>(`/vendors/${encodeURIComponent(vendorId)}/data-flows`),
  });
export const useAgreements = (vendorId: string) =>
  useQuery({
    queryKey: dataKeys.agreements(vendorId),
    queryFn: () => api.get<Items<Agreement>>(`/vendors/${encodeURIComponent(vendorId)}/agreements`),
  });
export const useTier = (vendorId: string, enabled: boolean) =>
  useQuery({
    queryKey: dataKeys.tier(vendorId),
    queryFn: () => api.get<VendorTier>(`/vendors/${encodeURIComponent(vendorId)}/tier`),
    enabled,
  });
export const useOverview = () =>
  useQuery({
    queryKey: dataKeys.overview(),
    queryFn: () => api.get<DataProtectionOverview>('/data-protection/overview'),
  });

function useDataMutation<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: dataKeys.all }) });
}

export type FlowInput = z.input<typeof DataFlowBody>;
export const useSaveFlow = (engagementId: string) =>
  useDataMutation(({ id, ...body }: FlowInput & { id?: string }) =>
    id
      ? api.patch<DataFlow>(`/data-flows/${id}`, body)
      : api.post<DataFlow>(`/engagements/${encodeURIComponent(engagementId)}/data-flows`, body),
  );
export const useRemoveFlow = () => useDataMutation((id: string) => api.delete(`/data-flows/${id}`));

export type AgreementInput = z.input<typeof AgreementBody>;
export const useSaveAgreement = (vendorId: string) =>
  useDataMutation(({ id, ...body }: AgreementInput & { id?: string }) =>
    id
      ? api.patch<Agreement>(`/vendors/${encodeURIComponent(vendorId)}/agreements/${id}`, body)
      : api.post<Agreement>(`/vendors/${encodeURIComponent(vendorId)}/agreements`, body),
  );
export const useRemoveAgreement = (vendorId: string) =>
  useDataMutation((id: string) => api.delete(`/vendors/${encodeURIComponent(vendorId)}/agreements/${id}`));
export const useUploadDocument = () =>
  useMutation({ mutationFn: (file: File) => api.upload<StoredFile>('/files', file) });

/**
 * The link that downloads the record of processing (the browser sends the session cookie); a CSV
 * comes with a byte order mark, so that Excel reads any script.
 */
export const exportUrl = (format: 'csv' | 'json', vendorId?: string) =>
  apiUrl('/data-flows/export', { format, vendorId, bom: format === 'csv' ? '1' : undefined });

/** The register of one engagement, or of every engagement of the vendor when no engagement is given. */
export const useFlows = (engagementId: string | undefined, vendorId: string) =>
  useQuery({
    queryKey: engagementId ? dataKeys.engagement(engagementId) : dataKeys.vendorFlows(vendorId),
    queryFn: () =>
      api.get<Items<DataFlow>>(
        engagementId
          ? `/engagements/${encodeURIComponent(engagementId)}/data-flows`
          : `/vendors/${encodeURIComponent(vendorId)}/data-flows`,
      ),
  });

export const useVendorName = (vendorId: string) =>
  useQuery({
    queryKey: [...dataKeys.all, 'vendor', vendorId, 'name'] as const,
    queryFn: () => api.get<{ id: string; name: string }>(`/vendors/${encodeURIComponent(vendorId)}`),
  });

export const useDataSharingSettings = () =>
  useQuery({
    queryKey: [...dataKeys.all, 'settings'] as const,
    queryFn: () => api.get<DataSharingSettings>('/data-sharing/settings'),
  });
export const useSaveDataSharingSettings = () =>
  useDataMutation((body: DataSharingSettings) =>
    api.put<DataSharingSettings>('/data-sharing/settings', body),
  );
