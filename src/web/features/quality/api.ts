import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Engagement, VendorFacingEngagement } from '../../../contracts/engagements';
import type { StoredFile } from '../../../contracts/files';
import type { Portfolio, SlaHistory } from '../../../contracts/quality';
import type {
  AnswerBody,
  DeliverableList,
  DeliverableStats,
  RespondBody,
  ReviewDeliverableBody,
  Scorecard,
  ScorecardList,
  Submission,
  UpdateScorecardBody,
} from '../../../contracts/quality-reviews';
import { api } from '../../app/api';

/** Every query key of the quality area. */
const qualityKeys = {
  all: ['quality'] as const,
  engagement: (id: string) => [...qualityKeys.all, 'engagement', id] as const,
  history: (id: string) => [...qualityKeys.engagement(id), 'sla-history'] as const,
  deliverables: (id: string) => [...qualityKeys.engagement(id), 'deliverables'] as const,
  stats: (id: string) => [...qualityKeys.engagement(id), 'deliverable-stats'] as const,
  scorecards: (id: string) => [...qualityKeys.engagement(id), 'scorecards'] as const,
  portfolio: (month: string) => [...qualityKeys.all, 'portfolio', month] as const,
};

export function useEngagementSummary(id: string) {
  return useQuery({
    queryKey: [...qualityKeys.engagement(id), 'summary'],
    queryFn: () => api.get<Engagement | VendorFacingEngagement>(`/engagements/${encodeURIComponent(id)}`),
  });
}

/** The last twelve months of SLA results, as the client measured them. */
export function useSlaHistory(id: string) {
  return useQuery({
    queryKey: qualityKeys.history(id),
    queryFn: () =>
      api.get<SlaHistory>(`/engagements/${id}/sla/history`, {
        granularity: 'month',
        periods: 12,
        source: 'client',
      }),
  });
}

export function useDeliverables(id: string) {
  return useQuery({
    queryKey: qualityKeys.deliverables(id),
    queryFn: () => api.get<DeliverableList>(`/engagements/${id}/deliverables`),
  });
}

export function useDeliverableStats(id: string) {
  return useQuery({
    queryKey: qualityKeys.stats(id),
    queryFn: () => api.get<DeliverableStats>(`/engagements/${id}/deliverables/stats`),
  });
}

function useDeliverablesChanged(engagementId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: qualityKeys.deliverables(engagementId) }),
      qc.invalidateQueries({ queryKey: qualityKeys.stats(engagementId) }),
    ]);
}

/** Upload the files, then hand the deliverable in with their ids. */
export function useSubmitDeliverable(engagementId: string) {
  const changed = useDeliverablesChanged(engagementId);
  return useMutation({
    mutationFn: async ({
      deliverableId,
      note,
      files,
    }: {
      deliverableId: string;
      note: string;
      files: File[];
    }) => {
      const fileIds: string[] = [];
      for (const file of files) fileIds.push((await api.upload<StoredFile>('/files', file)).id);
      return api.post<Submission>(`/engagements/${engagementId}/deliverables/${deliverableId}/submissions`, {
        note,
        fileIds,
      });
    },
    onSuccess: changed,
  });
}

export function useReviewDeliverable(engagementId: string) {
  const changed = useDeliverablesChanged(engagementId);
  return useMutation({
    mutationFn: ({
      deliverableId,
      submissionId,
      body,
    }: {
      deliverableId: string;
      submissionId: string;
      body: z.input<typeof ReviewDeliverableBody>;
    }) =>
      api.post<Submission>(
        `/engagements/${engagementId}/deliverables/${deliverableId}/submissions/${submissionId}/review`,
        body,
      ),
    onSuccess: changed,
  });
}

export function useScorecards(id: string) {
  return useQuery({
    queryKey: qualityKeys.scorecards(id),
    queryFn: () => api.get<z.infer<typeof ScorecardList>>(`/engagements/${id}/scorecards`),
  });
}

/** Any change to a scorecard: refetch the engagement's list, which carries them whole. */
export function useScorecardAction<T>(engagementId: string, fn: (input: T) => Promise<Scorecard>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: qualityKeys.scorecards(engagementId) }),
  });
}

export const scorecardCalls = {
  create: (engagementId: string) => (period: string) =>
    api.post<Scorecard>(`/engagements/${engagementId}/scorecards`, { period }),
  update: (id: string) => (body: z.input<typeof UpdateScorecardBody>) =>
    api.patch<Scorecard>(`/scorecards/${id}`, body),
  publish: (id: string) => () => api.post<Scorecard>(`/scorecards/${id}/publish`),
  respond: (id: string) => (body: z.input<typeof RespondBody>) =>
    api.post<Scorecard>(`/scorecards/${id}/responses`, body),
  answer:
    (id: string) =>
    ({ responseId, ...body }: z.input<typeof AnswerBody> & { responseId: string }) =>
      api.post<Scorecard>(`/scorecards/${id}/responses/${responseId}/answer`, body),
};

export function usePortfolio(month: string) {
  return useQuery({
    queryKey: qualityKeys.portfolio(month),
    queryFn: () => api.get<Portfolio>('/quality/portfolio', { period: month }),
  });
}

/** The KPIs of the approved SOW (name, aggregation), for entering measurements by hand. */
export function useSowKpis(id: string) {
  return useQuery({
    queryKey: [...qualityKeys.engagement(id), 'sow-kpis'],
    queryFn: () =>
      api
        .get<{
          status: string;
          kpis: Array<{ id: string; name: string; unit: string | null; aggregation: string }>;
        }>(`/engagements/${encodeURIComponent(id)}/sow`)
        .then((sow) => (sow.status === 'approved' ? sow.kpis : [])),
  });
}

/** Add a few measurements; the SLA history changes. */
export function useAddMeasurements(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: unknown[]) =>
      api.post<{ inserted: number }>(`/engagements/${encodeURIComponent(id)}/measurements`, { items }),
    onSuccess: () => qc.invalidateQueries({ queryKey: qualityKeys.engagement(id) }),
  });
}

/** Check a CSV of measurements on the server without writing it: the rows it would import. */
export const checkMeasurementCsv = (text: string) =>
  api.post<{ inserted: 0; checked: number }>('/measurements/import', undefined, {
    raw: { text, contentType: 'text/csv' },
    query: { dryRun: '1' },
  });

export function useMeasurementsImported(id: string) {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: qualityKeys.engagement(id) });
}
