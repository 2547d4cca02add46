import { useQuery } from '@tanstack/react-query';
import type { OverlapResponse, PartyInput, RecurringSlotResponse } from '../../../contracts/planner';
import type { Vendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

/** What the planner page asks: a range, the parties (shorthands or objects) and a meeting length. */
export interface PlannerRequest {
  from: string;
  to: string;
  parties: Array<string | PartyInput>;
  duration: number;
}

/** Every query key of the planner area. */
const plannerKeys = {
  all: ['planner'] as const,
  overlap: (r: PlannerRequest) => [...plannerKeys.all, 'overlap', r] as const,
  slot: (r: PlannerRequest) => [...plannerKeys.all, 'slot', r] as const,
  vendors: () => [...plannerKeys.all, 'vendor-options'] as const,
};

const query = (r: PlannerRequest) => ({ from: r.from, to: r.to, parties: JSON.stringify(r.parties) });

export function useOverlap(request: PlannerRequest | null) {
  return useQuery({
    queryKey: plannerKeys.overlap(request!),
    queryFn: () => api.get<OverlapResponse>('/planner/overlap', query(request!)),
    enabled: request !== null,
    retry: false,
  });
}

export function useRecurringSlot(request: PlannerRequest | null) {
  return useQuery({
    queryKey: plannerKeys.slot(request!),
    queryFn: () =>
      api.get<RecurringSlotResponse>('/planner/recurring-slot', {
        ...query(request!),
        duration: request!.duration,
      }),
    enabled: request !== null,
    retry: false,
  });
}

/** Vendors to pick from (the first 200 by name; the planner is for a handful of parties). */
export function useVendorOptions() {
  return useQuery({
    queryKey: plannerKeys.vendors(),
    queryFn: () => api.get<{ items: Vendor[] }>('/vendors', { limit: 200, sort: 'name' }),
  });
}
