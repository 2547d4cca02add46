import { useQuery } from '@tanstack/react-query';
import type { VendorBrief } from '../../../contracts/briefs';
import { api } from '../../app/api';

/** The partner brief of a vendor (computed on the server: local times, days off, seasons, formats). */
export function useVendorBrief(vendorId: string) {
  return useQuery({
    queryKey: ['briefs', vendorId] as const,
    queryFn: () => api.get<VendorBrief>(`/vendors/${encodeURIComponent(vendorId)}/brief`),
  });
}
