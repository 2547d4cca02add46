import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditEvent, AuditVerification } from '../../../contracts/audit';
import type { Page } from '../../../contracts/common';
import { api } from '../../app/api';

interface AuditFilters {
  entityType?: string;
  entityId?: string;
  actorId?: string;
  cursor?: string;
}

/** Every query key of the audit area. */
const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, 'list', filters] as const,
};

export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    queryFn: () => api.get<Page<AuditEvent>>('/audit-events', { ...filters, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

/** Recomputing the chain reads every event, so it runs when asked, not on page load. */
export function useVerifyChain() {
  return useMutation({
    mutationFn: () => api.get<z.infer<typeof AuditVerification>>('/audit-events/verify'),
  });
}

/**
 * Names for the ids an event carries: vendors (every internal role reads them) and users (those
 * who may list users). An id the caller cannot name is shown by its kind, never as the raw id.
 */
export function useAuditNames(canReadUsers: boolean) {
  const vendors = useQuery({
    queryKey: [...auditKeys.all, 'vendor-names'],
    queryFn: () => api.get<Page<{ id: string; name: string }>>('/vendors', { limit: 200 }),
    staleTime: 60_000,
  });
  const users = useQuery({
    queryKey: [...auditKeys.all, 'user-names'],
    queryFn: () => api.get<Page<{ id: string; name: string }>>('/users', { limit: 200 }),
    enabled: canReadUsers,
    staleTime: 60_000,
  });
  return new Map([...(vendors.data?.items ?? []), ...(users.data?.items ?? [])].map((x) => [x.id, x.name]));
}
