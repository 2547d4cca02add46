import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  CreateHolidayCalendarBody,
  HolidayCalendar,
  HolidayCalendarDay,
  HolidayImportResult,
  HolidayYear,
  PutHolidayDayBody,
} from '../../../contracts/calendars';
import type { Page } from '../../../contracts/common';
import { api } from '../../app/api';

/** Every query key of the holiday-calendars area. */
const calendarKeys = {
  all: ['holiday-calendars'] as const,
  list: () => [...calendarKeys.all, 'list'] as const,
  one: (id: string) => [...calendarKeys.all, 'one', id] as const,
  year: (id: string, year: number) => [...calendarKeys.all, 'year', id, year] as const,
};

const base = (id: string) => `/holiday-calendars/${encodeURIComponent(id)}`;

export const useHolidayCalendars = () =>
  useQuery({
    queryKey: calendarKeys.list(),
    queryFn: () => api.get<Page<HolidayCalendar>>('/holiday-calendars', { limit: 200 }),
  });

export const useHolidayCalendar = (id: string) =>
  useQuery({ queryKey: calendarKeys.one(id), queryFn: () => api.get<HolidayCalendar>(base(id)) });

export const useHolidayYear = (id: string, year: number) =>
  useQuery({
    queryKey: calendarKeys.year(id, year),
    queryFn: () => api.get<HolidayYear>(`${base(id)}/days`, { year }),
  });

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: calendarKeys.all });
}

export function useCreateHolidayCalendar() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: CreateHolidayCalendarBody) => api.post<HolidayCalendar>('/holiday-calendars', body),
    onSuccess: () => refresh(),
  });
}

export function useDeleteHolidayCalendar() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: string) => api.delete(base(id)), onSuccess: () => refresh() });
}

/** Import an .ics or CSV file's text for the years asked. */
export function useImportHolidays(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ text, contentType, years }: { text: string; contentType: string; years: string }) =>
      api.postRaw<HolidayImportResult>(
        `${base(id)}/import?years=${encodeURIComponent(years)}`,
        text,
        contentType,
      ),
    onSuccess: () => refresh(),
  });
}

export function usePutHolidayDay(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ date, body }: { date: string; body: PutHolidayDayBody }) =>
      api.put<HolidayCalendarDay>(`${base(id)}/days/${date}`, body),
    onSuccess: () => refresh(),
  });
}

export function useDeleteHolidayDay(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (date: string) => api.delete(`${base(id)}/days/${date}`),
    onSuccess: () => refresh(),
  });
}
