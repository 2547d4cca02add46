import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Organisation } from '../../../contracts/accounts';
import type { Page } from '../../../contracts/common';
import type {
  ChangeRequest,
  CreateChangeRequestBody,
  CreateEngagementBody,
  Engagement,
  EngagementListQuery,
  LintResult,
  Sow,
  SowDiff,
  SowDocument,
  SowVersionSummary,
  UpdateEngagementBody,
  VendorFacingEngagement,
} from '../../../contracts/engagements';
import { ApiError, api } from '../../app/api';

export type EngagementFilters = Partial<Omit<z.input<typeof EngagementListQuery>, 'limit'>>;
export type SowVersion = z.infer<typeof SowVersionSummary>;

export const PAGE_SIZE = 25;

/** Every query key of the engagements area. */
const engagementKeys = {
  all: ['engagements'] as const,
  lists: () => [...engagementKeys.all, 'list'] as const,
  list: (filters: EngagementFilters) => [...engagementKeys.lists(), filters] as const,
  detail: (id: string) => [...engagementKeys.all, 'detail', id] as const,
  sow: (id: string) => [...engagementKeys.detail(id), 'sow'] as const,
  sowVersion: (id: string, version: number | 'latest') => [...engagementKeys.sow(id), version] as const,
  sowVersions: (id: string) => [...engagementKeys.sow(id), 'versions'] as const,
  diff: (id: string, from: number, to: number) => [...engagementKeys.sow(id), 'diff', from, to] as const,
  changeRequests: (id: string) => [...engagementKeys.detail(id), 'change-requests'] as const,
  organisation: () => [...engagementKeys.all, 'organisation'] as const,
};

const base = (id: string) => `/engagements/${encodeURIComponent(id)}`;

export function useEngagements(filters: EngagementFilters) {
  return useQuery({
    queryKey: engagementKeys.list(filters),
    queryFn: () =>
      api.get<Page<Engagement | VendorFacingEngagement>>('/engagements', { ...filters, limit: PAGE_SIZE }),
    placeholderData: keepPreviousData,
  });
}

export function useEngagement(id: string) {
  return useQuery({
    queryKey: engagementKeys.detail(id),
    queryFn: () => api.get<Engagement | VendorFacingEngagement>(base(id)),
  });
}

function useEngagementChanged() {
  const qc = useQueryClient();
  return (engagement: Engagement) => {
    qc.setQueryData(engagementKeys.detail(engagement.id), engagement);
    return qc.invalidateQueries({ queryKey: engagementKeys.lists() });
  };
}

export function useCreateEngagement() {
  const changed = useEngagementChanged();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateEngagementBody>) => api.post<Engagement>('/engagements', body),
    onSuccess: changed,
  });
}

export function useUpdateEngagement(id: string) {
  const changed = useEngagementChanged();
  return useMutation({
    mutationFn: (body: z.input<typeof UpdateEngagementBody>) => api.patch<Engagement>(base(id), body),
    onSuccess: changed,
  });
}

/** A SOW version, or the latest; null when the engagement has no SOW yet. */
export function useSow(id: string, version: number | 'latest') {
  return useQuery({
    queryKey: engagementKeys.sowVersion(id, version),
    queryFn: async () => {
      try {
        return await api.get<Sow>(`${base(id)}/sow`, version === 'latest' ? {} : { version });
      } catch (error) {
        if (version === 'latest' && error instanceof ApiError && error.status === 404) return null;
        throw error;
      }
    },
  });
}

export function useSowVersions(id: string) {
  return useQuery({
    queryKey: engagementKeys.sowVersions(id),
    queryFn: () => api.get<{ items: SowVersion[] }>(`${base(id)}/sow/versions`).then((r) => r.items),
  });
}

/** A new or approved SOW version changes the engagement (its baseline) and every SOW query. */
function useSowChanged(id: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: engagementKeys.detail(id) }),
      qc.invalidateQueries({ queryKey: engagementKeys.lists() }),
    ]);
}

export function useSaveSow(id: string) {
  const changed = useSowChanged(id);
  return useMutation({
    mutationFn: (doc: SowDocument) => api.put<Sow>(`${base(id)}/sow`, doc),
    onSuccess: changed,
  });
}

export function useApproveSow(id: string) {
  const changed = useSowChanged(id);
  return useMutation({ mutationFn: () => api.post<Sow>(`${base(id)}/sow/approve`), onSuccess: changed });
}

/** The linter on an unsaved document (the editor's live score); null pauses it. */
export function useLint(id: string, doc: SowDocument | null) {
  const text = doc ? JSON.stringify(doc) : null;
  return useQuery({
    queryKey: [...engagementKeys.sow(id), 'lint', text] as const,
    queryFn: () => api.post<LintResult>(`${base(id)}/sow/lint`, doc),
    enabled: doc !== null,
    placeholderData: keepPreviousData,
    // One entry per typed version of the document: the same text lints the same, old ones go soon.
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
  });
}

export function useSowDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: engagementKeys.diff(id, from ?? 0, to ?? 0),
    queryFn: () => api.get<z.infer<typeof SowDiff>>(`${base(id)}/sow/diff`, { from, to }),
    enabled: from !== null && to !== null && from !== to,
  });
}

/** Where the browser downloads a version as Markdown or PDF (the session cookie goes along). */
export function exportUrl(id: string, format: 'markdown' | 'pdf', version: number): string {
  return `/api/v1${base(id)}/sow/export?format=${format}&version=${version}`;
}

export function useChangeRequests(id: string) {
  return useQuery({
    queryKey: engagementKeys.changeRequests(id),
    queryFn: () => api.get<Page<ChangeRequest>>(`${base(id)}/change-requests`, { limit: 200 }),
  });
}

/** A change request's decision may create a SOW version: refresh the whole engagement. */
function useChangeRequestChanged(id: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: engagementKeys.detail(id) });
}

export function useRaiseChangeRequest(id: string) {
  const changed = useChangeRequestChanged(id);
  return useMutation({
    mutationFn: (body: z.input<typeof CreateChangeRequestBody>) =>
      api.post<ChangeRequest>(`${base(id)}/change-requests`, body),
    onSuccess: changed,
  });
}

type ChangeRequestAction = 'submit' | 'approve' | 'reject';

export function useChangeRequestAction(engagementId: string) {
  const changed = useChangeRequestChanged(engagementId);
  return useMutation({
    mutationFn: ({ id, action, comment }: { id: string; action: ChangeRequestAction; comment?: string }) =>
      api.post<ChangeRequest>(
        `/change-requests/${encodeURIComponent(id)}/${action}`,
        action === 'submit' ? undefined : comment ? { comment } : {},
      ),
    onSuccess: changed,
  });
}

/** The organisation's currency is the default of a new engagement. */
export function useOrganisationCurrency() {
  return useQuery({
    queryKey: engagementKeys.organisation(),
    queryFn: () => api.get<Organisation>('/settings/organisation'),
    select: (org) => org.currency,
  });
}
