import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  EscalationCandidates,
  EscalationMatrix,
  PutEscalationMatrixBody,
} from '../../../contracts/escalations';
import { api } from '../../app/api';

/** Every query key of the escalations area. */
const escalationKeys = {
  all: ['escalations'] as const,
  matrix: (engagementId: string) => [...escalationKeys.all, 'matrix', engagementId] as const,
  candidates: (engagementId: string) => [...escalationKeys.all, 'candidates', engagementId] as const,
};

const base = (id: string) => `/engagements/${encodeURIComponent(id)}/escalation-matrix`;

export const useEscalationMatrix = (engagementId: string) =>
  useQuery({
    queryKey: escalationKeys.matrix(engagementId),
    queryFn: () => api.get<EscalationMatrix>(base(engagementId)),
  });

export const useEscalationCandidates = (engagementId: string, enabled: boolean) =>
  useQuery({
    queryKey: escalationKeys.candidates(engagementId),
    enabled,
    queryFn: () => api.get<EscalationCandidates>(`${base(engagementId)}/candidates`),
  });

export function useSaveEscalationMatrix(engagementId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PutEscalationMatrixBody) => api.put<EscalationMatrix>(base(engagementId), body),
    onSuccess: (saved) => qc.setQueryData(escalationKeys.matrix(engagementId), saved),
  });
}
