import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Certification,
  CertificationBody,
  Checklist,
  DiligenceSettings,
  PastClient,
  PastClientBody,
  Reference,
  ReferenceBody,
  TrackRecord,
} from '../../../contracts/diligence';
import type { StoredFile } from '../../../contracts/files';
import type { UpdateVendorBody, Vendor, VendorFacingVendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

type Items<T> = { items: T[] };

/** Every query key of the diligence area; everything of one vendor sits under `vendor(id)`. */
const diligenceKeys = {
  all: ['diligence'] as const,
  settings: () => [...diligenceKeys.all, 'settings'] as const,
  vendor: (id: string) => [...diligenceKeys.all, 'vendor', id] as const,
  profile: (id: string) => [...diligenceKeys.vendor(id), 'profile'] as const,
  certifications: (id: string) => [...diligenceKeys.vendor(id), 'certifications'] as const,
  references: (id: string) => [...diligenceKeys.vendor(id), 'references'] as const,
  pastClients: (id: string) => [...diligenceKeys.vendor(id), 'past-clients'] as const,
  trackRecord: (id: string) => [...diligenceKeys.vendor(id), 'track-record'] as const,
  checklist: (id: string) => [...diligenceKeys.vendor(id), 'checklist'] as const,
};

const base = (id: string) => `/vendors/${encodeURIComponent(id)}`;

/** The vendor itself (name, status, criticality) as this page needs it. */
export const useDiligenceVendor = (id: string) =>
  useQuery({
    queryKey: diligenceKeys.profile(id),
    queryFn: () => api.get<Vendor | VendorFacingVendor>(base(id)),
  });
export const useCertifications = (id: string) =>
  useQuery({
    queryKey: diligenceKeys.certifications(id),
    queryFn: () => api.get<Items<Certification>>(`${base(id)}/certifications`),
  });
export const useReferences = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: diligenceKeys.references(id),
    queryFn: () => api.get<Items<Reference>>(`${base(id)}/references`),
    enabled,
  });
export const usePastClients = (id: string) =>
  useQuery({
    queryKey: diligenceKeys.pastClients(id),
    queryFn: () => api.get<Items<PastClient>>(`${base(id)}/past-clients`),
  });
export const useTrackRecord = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: diligenceKeys.trackRecord(id),
    queryFn: () => api.get<TrackRecord>(`${base(id)}/track-record`),
    enabled,
  });
export const useChecklist = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: diligenceKeys.checklist(id),
    queryFn: () => api.get<Checklist>(`${base(id)}/checklist`),
    enabled,
  });

/** A change to one vendor's diligence: refetch all of it (checklist and track record follow from the rest). */
function useVendorMutation<T, R>(vendorId: string, fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: diligenceKeys.vendor(vendorId) }),
  });
}

export type CertificationInput = z.input<typeof CertificationBody>;
export const useSaveCertification = (vendorId: string) =>
  useVendorMutation(vendorId, ({ id, ...body }: CertificationInput & { id?: string }) =>
    id
      ? api.patch<Certification>(`${base(vendorId)}/certifications/${id}`, body)
      : api.post<Certification>(`${base(vendorId)}/certifications`, body),
  );
export const useVerifyCertification = (vendorId: string) =>
  useVendorMutation(vendorId, (id: string) =>
    api.post<Certification>(`${base(vendorId)}/certifications/${id}/verify`),
  );
export const useRemoveCertification = (vendorId: string) =>
  useVendorMutation(vendorId, (id: string) => api.delete(`${base(vendorId)}/certifications/${id}`));
export const useUploadEvidence = () =>
  useMutation({ mutationFn: (file: File) => api.upload<StoredFile>('/files', file) });

export type ReferenceInput = z.input<typeof ReferenceBody>;
export const useSaveReference = (vendorId: string) =>
  useVendorMutation(vendorId, ({ id, ...body }: ReferenceInput & { id?: string }) =>
    id
      ? api.patch<Reference>(`${base(vendorId)}/references/${id}`, body)
      : api.post<Reference>(`${base(vendorId)}/references`, body),
  );
export const useRemoveReference = (vendorId: string) =>
  useVendorMutation(vendorId, (id: string) => api.delete(`${base(vendorId)}/references/${id}`));

export type PastClientInput = z.input<typeof PastClientBody>;
export const useSavePastClient = (vendorId: string) =>
  useVendorMutation(vendorId, ({ id, ...body }: PastClientInput & { id?: string }) =>
    id
      ? api.patch<PastClient>(`${base(vendorId)}/past-clients/${id}`, body)
      : api.post<PastClient>(`${base(vendorId)}/past-clients`, body),
  );
export const useRemovePastClient = (vendorId: string) =>
  useVendorMutation(vendorId, (id: string) => api.delete(`${base(vendorId)}/past-clients/${id}`));

/** Approve the vendor (the gate may answer 409); other pages' copies of the vendor refresh too. */
export function useApproveVendor(vendorId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Pick<z.input<typeof UpdateVendorBody>, 'overrideReason'>) =>
      api.patch<Vendor>(base(vendorId), { status: 'approved', ...body }),
    onSuccess: () => qc.invalidateQueries(),
  });
}

export const useDiligenceSettings = () =>
  useQuery({
    queryKey: diligenceKeys.settings(),
    queryFn: () => api.get<DiligenceSettings>('/diligence/settings'),
  });
export function useSaveDiligenceSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DiligenceSettings) => api.put<DiligenceSettings>('/diligence/settings', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: diligenceKeys.all }),
  });
}
