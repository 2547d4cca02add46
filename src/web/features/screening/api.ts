import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type {
  DecideHitBody,
  Hit,
  HitStatus,
  ListSource,
  ListsOverview,
  ListVersion,
  LoadListBody,
  LoadResult,
  ScreeningSettings,
  VendorScreening,
} from '../../../contracts/screening';
import { api } from '../../app/api';

const keys = {
  all: ['screening'] as const,
  lists: () => [...keys.all, 'lists'] as const,
  versions: () => [...keys.all, 'versions'] as const,
  settings: () => [...keys.all, 'settings'] as const,
  hits: (status: HitStatus | '', cursor?: string) => [...keys.all, 'hits', status, cursor ?? ''] as const,
  hit: (id: string) => [...keys.all, 'hit', id] as const,
  vendor: (id: string) => [...keys.all, 'vendor', id] as const,
};

export const useLists = () =>
  useQuery({ queryKey: keys.lists(), queryFn: () => api.get<ListsOverview>('/screening/lists') });

export const useVersions = () =>
  useQuery({
    queryKey: keys.versions(),
    queryFn: () => api.get<Page<ListVersion>>('/screening/lists/versions', { limit: 50 }),
  });

export const useScreeningSettings = () =>
  useQuery({ queryKey: keys.settings(), queryFn: () => api.get<ScreeningSettings>('/screening/settings') });

export const useHits = (status: HitStatus | '', cursor?: string) =>
  useQuery({
    queryKey: keys.hits(status, cursor),
    queryFn: () =>
      api.get<Page<Hit>>('/screening/hits', { limit: 25, cursor, ...(status ? { status } : {}) }),
    placeholderData: keepPreviousData,
  });

export const useHit = (id: string) =>
  useQuery({ queryKey: keys.hit(id), queryFn: () => api.get<Hit>(`/screening/hits/${id}`) });

export const useVendorScreening = (vendorId: string) =>
  useQuery({
    queryKey: keys.vendor(vendorId),
    queryFn: () => api.get<VendorScreening>(`/vendors/${vendorId}/screening`),
  });

function useInvalidating<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => qc.invalidateQueries({ queryKey: keys.all }) });
}

export const useLoadList = () =>
  useInvalidating((a: { source: ListSource; body: LoadListBody }) =>
    api.post<LoadResult>(`/screening/lists/${a.source}/versions`, a.body),
  );

export const useFetchNow = () =>
  useInvalidating((source: ListSource) => api.post<LoadResult>(`/screening/lists/${source}/fetch`));

export const useSaveScreeningSettings = () =>
  useInvalidating((body: ScreeningSettings) => api.put<ScreeningSettings>('/screening/settings', body));

export const useDecideHit = (id: string) =>
  useInvalidating((body: DecideHitBody) => api.post<Hit>(`/screening/hits/${id}/decision`, body));

export const useRescreen = (vendorId: string) =>
  useInvalidating(() => api.post<VendorScreening>(`/vendors/${vendorId}/screening`));

export const useSaveAliases = (vendorId: string) =>
  useInvalidating((aliases: string[]) =>
    api.put<VendorScreening>(`/vendors/${vendorId}/screening/aliases`, { aliases }),
  );
