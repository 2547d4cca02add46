import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  AcceptInvitationResponse,
  CreatedInvitation,
  CreateInvitationBody,
  InvitationView,
} from '../../../contracts/portal';
import type { Vendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

/** Every query key of the portal area. */
const portalKeys = {
  all: ['portal'] as const,
  invitation: (token: string) => [...portalKeys.all, 'invitation', token] as const,
  vendor: (id: string) => [...portalKeys.all, 'vendor', id] as const,
};

export function useInvitedVendor(id: string) {
  return useQuery({
    queryKey: portalKeys.vendor(id),
    queryFn: () => api.get<Vendor>(`/vendors/${encodeURIComponent(id)}`),
  });
}

export function useCreateInvitation(vendorId: string) {
  return useMutation({
    mutationFn: (body: z.input<typeof CreateInvitationBody>) =>
      api.post<z.infer<typeof CreatedInvitation>>(
        `/vendors/${encodeURIComponent(vendorId)}/invitations`,
        body,
      ),
  });
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: portalKeys.invitation(token),
    queryFn: () =>
      api.get<z.infer<typeof InvitationView>>(`/invitations/${encodeURIComponent(token)}`, undefined, {
        allowUnauthorized: true,
      }),
    retry: false,
  });
}

export function useAcceptInvitation(token: string) {
  return useMutation({
    mutationFn: (password: string) =>
      api.post<z.infer<typeof AcceptInvitationResponse>>(
        `/invitations/${encodeURIComponent(token)}/accept`,
        { password },
        { allowUnauthorized: true },
      ),
  });
}
