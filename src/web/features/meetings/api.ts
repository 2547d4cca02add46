import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ActionItem,
  CreateMeetingSeriesBody,
  Inbox,
  Meeting,
  MeetingSeries,
} from '../../../contracts/meetings';
import type { RecurringSlotResponse } from '../../../contracts/planner';
import { api } from '../../app/api';

type SeriesInput = z.input<typeof CreateMeetingSeriesBody>;
type Person = { id: string; name: string };

/** Every query key of the meetings area. */
const meetingKeys = {
  all: ['meetings'] as const,
  series: (engagementId: string) => [...meetingKeys.all, 'series', engagementId] as const,
  occurrences: (seriesId: string, from: string, to: string) =>
    [...meetingKeys.all, 'occurrences', seriesId, from, to] as const,
  people: (engagementId: string) => [...meetingKeys.all, 'people', engagementId] as const,
  tasks: (status: string) => [...meetingKeys.all, 'tasks', status] as const,
  inbox: () => [...meetingKeys.all, 'inbox'] as const,
};

const enc = encodeURIComponent;

export const useSeries = (engagementId: string) =>
  useQuery({
    queryKey: meetingKeys.series(engagementId),
    queryFn: () => api.get<{ items: MeetingSeries[] }>(`/engagements/${enc(engagementId)}/meeting-series`),
  });

export const useOccurrences = (seriesId: string | null, from: string, to: string) =>
  useQuery({
    queryKey: meetingKeys.occurrences(seriesId ?? '', from, to),
    enabled: seriesId !== null,
    queryFn: () =>
      api.get<{ series: MeetingSeries; items: Meeting[] }>(`/meeting-series/${enc(seriesId!)}/occurrences`, {
        from,
        to,
      }),
  });

/** Who may attend: the internal users and the engagement's vendor's contacts (writers only). */
export const usePeople = (engagementId: string, enabled: boolean) =>
  useQuery({
    queryKey: meetingKeys.people(engagementId),
    enabled,
    queryFn: () =>
      api.get<{ users: Person[]; vendorContacts: Person[] }>(
        `/engagements/${enc(engagementId)}/escalation-matrix/candidates`,
      ),
  });

/** The planner's best weekly slot for the organisation and the vendor over the next 12 weeks. */
export const suggestSlot = (vendorId: string, from: string, to: string, duration: number) =>
  api.get<RecurringSlotResponse>('/planner/recurring-slot', {
    from,
    to,
    duration,
    parties: JSON.stringify(['org', vendorId]),
  });

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: meetingKeys.all });
}

export function useCreateSeries(engagementId: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: SeriesInput) =>
      api.post<MeetingSeries>(`/engagements/${enc(engagementId)}/meeting-series`, body),
    onSuccess: refresh,
  });
}

export function useSaveMeeting() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, agenda, minutes }: { id: string; agenda: string; minutes: string }) =>
      api.put<Meeting>(`/meetings/${enc(id)}`, { agenda, minutes }),
    onSuccess: refresh,
  });
}

export function useAddAction() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({
      meetingId,
      ...body
    }: {
      meetingId: string;
      title: string;
      owner: { type: 'user' | 'contact'; id: string };
      dueDate: string | null;
    }) => api.post<ActionItem>(`/meetings/${enc(meetingId)}/actions`, body),
    onSuccess: refresh,
  });
}

export function useSetActionStatus() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, status }: { id: string; status: 'open' | 'done' }) =>
      api.patch<ActionItem>(`/action-items/${enc(id)}`, { status }),
    onSuccess: refresh,
  });
}

export const useMyTasks = (status: 'open' | 'done' | 'all') =>
  useQuery({
    queryKey: meetingKeys.tasks(status),
    queryFn: () =>
      api.get<{ items: ActionItem[] }>('/action-items', {
        owner: 'me',
        status: status === 'all' ? undefined : status,
      }),
  });

export const useCalendarToken = () =>
  useMutation({ mutationFn: () => api.post<{ url: string; createdAt: string }>('/calendar/token') });

export const useInbox = () =>
  useQuery({ queryKey: meetingKeys.inbox(), queryFn: () => api.get<Inbox>('/inbox', { limit: 200 }) });
