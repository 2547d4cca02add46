import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Organisation } from '../../../contracts/accounts';
import { api } from '../../app/api';

/** Every query key of the settings area. */
const settingsKeys = {
  all: ['settings'] as const,
  organisation: () => [...settingsKeys.all, 'organisation'] as const,
};

export function useOrganisation() {
  return useQuery({
    queryKey: settingsKeys.organisation(),
    queryFn: () => api.get<Organisation>('/settings/organisation'),
  });
}

export function useSaveOrganisation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Organisation) => api.put<Organisation>('/settings/organisation', body),
    onSuccess: (saved) => qc.setQueryData(settingsKeys.organisation(), saved),
  });
}
