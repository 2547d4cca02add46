import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { User } from '../../../contracts/accounts';
import type {
  AccessGrant,
  AccessGrantBody,
  AccessReview,
  AccessReviewBody,
  AssessmentSchedule,
  CompleteAssessmentBody,
  DecisionBody,
  Finding,
  FindingBody,
  SecurityAssessment,
  VendorFacingFinding,
} from '../../../contracts/assurance';
import type { Page } from '../../../contracts/common';
import { roleCan } from '../../../contracts/policy';
import type { Vendor, VendorFacingVendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

/** Every query key of the assurance area; a change refetches all of it (it is small and linked). */
const assuranceKeys = {
  all: ['assurance'] as const,
  grants: (q: Record<string, string | undefined>) => [...assuranceKeys.all, 'grants', q] as const,
  reviews: (q: Record<string, string | undefined>) => [...assuranceKeys.all, 'reviews', q] as const,
  review: (id: string) => [...assuranceKeys.all, 'review', id] as const,
  assessments: (vendorId: string) => [...assuranceKeys.all, 'assessments', vendorId] as const,
  findings: (q: Record<string, string | undefined>) => [...assuranceKeys.all, 'findings', q] as const,
  finding: (id: string) => [...assuranceKeys.all, 'finding', id] as const,
  vendor: (id: string) => [...assuranceKeys.all, 'vendor', id] as const,
  users: () => [...assuranceKeys.all, 'users'] as const,
};

export const useGrants = (q: { vendorId?: string; engagementId?: string; status?: string }) =>
  useQuery({
    queryKey: assuranceKeys.grants(q),
    queryFn: () => api.get<Page<AccessGrant>>('/access-grants', { ...q, limit: 200 }),
  });
export const useReviews = (q: { vendorId?: string; engagementId?: string }, enabled = true) =>
  useQuery({
    queryKey: assuranceKeys.reviews(q),
    queryFn: () => api.get<Page<AccessReview>>('/access-reviews', { ...q, limit: 50 }),
    enabled,
  });
export const useReview = (id: string) =>
  useQuery({
    queryKey: assuranceKeys.review(id),
    queryFn: () => api.get<AccessReview>(`/access-reviews/${id}`),
  });
export const useAssessments = (vendorId: string, enabled = true) =>
  useQuery({
    queryKey: assuranceKeys.assessments(vendorId),
    queryFn: () =>
      api.get<Page<SecurityAssessment> & { schedule: AssessmentSchedule | null }>('/security-assessments', {
        vendorId,
        limit: 200,
      }),
    enabled,
  });
export const useFindings = (q: { vendorId?: string; assessmentId?: string }) =>
  useQuery({
    queryKey: assuranceKeys.findings(q),
    queryFn: () => api.get<Page<Finding | VendorFacingFinding>>('/findings', { ...q, limit: 200 }),
  });
export const useFinding = (id: string | null) =>
  useQuery({
    queryKey: assuranceKeys.finding(id ?? ''),
    queryFn: () => api.get<Finding | VendorFacingFinding>(`/findings/${id}`),
    enabled: !!id,
  });
/** The vendor with its contacts (the people a grant may name). */
export const useVendorContacts = (vendorId: string) =>
  useQuery({
    queryKey: assuranceKeys.vendor(vendorId),
    queryFn: () => api.get<Vendor | VendorFacingVendor>(`/vendors/${vendorId}`),
  });
/** Internal users who may review or own an assessment (administrators can list users). */
export const useWriters = (enabled: boolean) =>
  useQuery({
    queryKey: assuranceKeys.users(),
    queryFn: () => api.get<Page<User>>('/users', { limit: 200 }),
    enabled,
    select: (page) =>
      page.items
        .filter((u) => roleCan(u.role, 'accessReview', 'decide') && !u.disabled)
        .map((u) => ({ value: u.id, label: u.name })),
  });

function useAssuranceMutation<T, R>(fn: (input: T) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: assuranceKeys.all }),
  });
}

export const useCreateGrant = () =>
  useAssuranceMutation((body: z.input<typeof AccessGrantBody>) =>
    api.post<AccessGrant>('/access-grants', body),
  );
export const useRevokeGrant = () =>
  useAssuranceMutation(({ id, reason }: { id: string; reason: string }) =>
    api.post<AccessGrant>(`/access-grants/${id}/revoke`, { reason }),
  );
export const useCreateReview = () =>
  useAssuranceMutation((body: z.input<typeof AccessReviewBody>) =>
    api.post<AccessReview>('/access-reviews', body),
  );
export const useDecide = (reviewId: string) =>
  useAssuranceMutation((body: z.input<typeof DecisionBody>) =>
    api.post<AccessReview>(`/access-reviews/${reviewId}/decisions`, body),
  );
export const useScheduleFromTier = () =>
  useAssuranceMutation((body: { vendorId: string; ownerId: string }) =>
    api.post<unknown>('/security-assessments/schedule', body),
  );
export const useStartAssessment = () =>
  useAssuranceMutation((id: string) => api.post<SecurityAssessment>(`/security-assessments/${id}/start`));
export const useCompleteAssessment = () =>
  useAssuranceMutation(({ id, ...body }: z.input<typeof CompleteAssessmentBody> & { id: string }) =>
    api.post<SecurityAssessment>(`/security-assessments/${id}/complete`, body),
  );
export const useCreateFinding = () =>
  useAssuranceMutation((body: z.input<typeof FindingBody>) => api.post<Finding>('/findings', body));
/** One of the finding's actions: start, comments, resolve, accept-risk, reopen. */
export const useFindingAction = () =>
  useAssuranceMutation(({ id, action, body }: { id: string; action: string; body?: unknown }) =>
    api.post<Finding>(`/findings/${id}/${action}`, body),
  );
