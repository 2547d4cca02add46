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
