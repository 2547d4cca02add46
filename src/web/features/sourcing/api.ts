import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BusinessCase } from '../../../contracts/business-cases';
import type { Page } from '../../../contracts/common';
import type { Engagement } from '../../../contracts/engagements';
import type {
  AwardBody,
  Ranking,
  Score,
  ScoreBody,
  SourcingEvent,
  SourcingEventBody,
  SourcingEventPatch,
  SourcingListQuery,
} from '../../../contracts/sourcing';
import { api } from '../../app/api';

export type SourcingFilters = Partial<Pick<SourcingListQuery, 'q' | 'status'>> & { cursor?: string };
export type NewSourcingEvent = Omit<SourcingEventBody, 'criteria'> & {
  criteria: Array<{
    id?: string;
    name: string;
    weight: number;
    source: SourcingEventBody['criteria'][number]['source'];
  }>;
};

const sourcingKeys = {
  all: ['sourcing'] as const,
  lists: () => [...sourcingKeys.all, 'list'] as const,
  list: (f: SourcingFilters) => [...sourcingKeys.lists(), f] as const,
  detail: (id: string) => [...sourcingKeys.all, 'detail', id] as const,
  ranking: (id: string) => [...sourcingKeys.all, 'ranking', id] as const,
  scores: (id: string) => [...sourcingKeys.all, 'scores', id] as const,
  cases: () => [...sourcingKeys.all, 'case-options'] as const,
};

export function useSourcingEvents(filters: SourcingFilters) {
  return useQuery({
    queryKey: sourcingKeys.list(filters),
    queryFn: () => api.get<Page<SourcingEvent>>('/sourcing-events', { ...filters, limit: 25 }),
    placeholderData: keepPreviousData,
  });
}

export function useSourcingEvent(id: string) {
  return useQuery({
    queryKey: sourcingKeys.detail(id),
    queryFn: () => api.get<SourcingEvent>(`/sourcing-events/${encodeURIComponent(id)}`),
  });
}

export function useRanking(id: string) {
  return useQuery({
    queryKey: sourcingKeys.ranking(id),
    queryFn: () => api.get<Ranking>(`/sourcing-events/${encodeURIComponent(id)}/ranking`),
  });
}

export function useScores(id: string) {
  return useQuery({
    queryKey: sourcingKeys.scores(id),
    queryFn: () => api.get<{ items: Score[] }>(`/sourcing-events/${encodeURIComponent(id)}/scores`),
    select: (r) => r.items,
  });
}

function useEventChanged() {
  const qc = useQueryClient();
  return (e: SourcingEvent) => {
    qc.setQueryData(sourcingKeys.detail(e.id), e);
    qc.invalidateQueries({ queryKey: sourcingKeys.ranking(e.id) });
    qc.invalidateQueries({ queryKey: sourcingKeys.scores(e.id) });
    return qc.invalidateQueries({ queryKey: sourcingKeys.lists() });
  };
}

export function useCreateEvent() {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (body: NewSourcingEvent) => api.post<SourcingEvent>('/sourcing-events', body),
    onSuccess: (e) => changed(e),
  });
}

export function useUpdateEvent(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (body: SourcingEventPatch) => api.patch<SourcingEvent>(`/sourcing-events/${id}`, body),
    onSuccess: (e) => changed(e),
  });
}

export function useScore(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Omit<ScoreBody, 'comment'> & { comment?: string | null }) =>
      api.post<Score>(`/sourcing-events/${id}/scores`, body),
    onSuccess: () =>
      Promise.all([
        qc.invalidateQueries({ queryKey: sourcingKeys.ranking(id) }),
        qc.invalidateQueries({ queryKey: sourcingKeys.scores(id) }),
      ]),
  });
}

export function useAward(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (body: Omit<AwardBody, 'endDate'> & { endDate?: string | null }) =>
      api.post<{ event: SourcingEvent; engagement: Engagement }>(`/sourcing-events/${id}/award`, body),
    onSuccess: (r) => changed(r.event),
  });
}

export function useCaseOptions() {
  return useQuery({
    queryKey: sourcingKeys.cases(),
    queryFn: () => api.get<Page<BusinessCase>>('/business-cases', { limit: 100 }),
    select: (page) => page.items.map((c) => ({ value: c.id, label: c.name })),
  });
}
