/** The DORA register of information: its view, settings and functions. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type { DoraFunction, DoraFunctionBody, DoraSettings, RegisterView } from '../../../contracts/dora';
import type { Engagement } from '../../../contracts/engagements';
import { api } from '../../app/api';

const registerKeys = {
  all: ['registers'] as const,
  view: (date: string) => [...registerKeys.all, 'view', date] as const,
  settings: () => [...registerKeys.all, 'settings'] as const,
  functions: () => [...registerKeys.all, 'functions'] as const,
  engagements: () => [...registerKeys.all, 'engagements'] as const,
};

export const useRegisterView = (referenceDate: string) =>
  useQuery({
    queryKey: registerKeys.view(referenceDate),
    queryFn: () => api.get<RegisterView>('/registers/dora/view', referenceDate ? { referenceDate } : {}),
  });

export const useRegisterSettings = () =>
  useQuery({
    queryKey: registerKeys.settings(),
    queryFn: () => api.get<DoraSettings>('/registers/dora/settings'),
  });

export const useFunctions = () =>
  useQuery({
    queryKey: registerKeys.functions(),
    queryFn: async () => (await api.get<{ items: DoraFunction[] }>('/registers/dora/functions')).items,
  });

/** The engagements a function may be linked to (the first 200, by title). */
export const useEngagementOptions = () =>
  useQuery({
    queryKey: registerKeys.engagements(),
    queryFn: async () =>
      (await api.get<Page<Engagement>>('/engagements', { limit: 200, sort: 'title' })).items.map((e) => ({
        value: e.id,
        label: `${e.title} (${e.vendorName})`,
      })),
  });

function useRegisterMutation<A>(fn: (a: A) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: registerKeys.all }),
  });
}

export const useSaveSettings = () =>
  useRegisterMutation((body: DoraSettings) => api.put<DoraSettings>('/registers/dora/settings', body));
export const useSaveFunction = () =>
  useRegisterMutation(({ id, body }: { id?: string; body: DoraFunctionBody }) =>
    id
      ? api.put<DoraFunction>(`/registers/dora/functions/${id}`, body)
      : api.post<DoraFunction>('/registers/dora/functions', body),
  );
export const useRemoveFunction = () =>
  useRegisterMutation((id: string) => api.delete(`/registers/dora/functions/${id}`));
