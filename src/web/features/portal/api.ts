import { useMutation, useQueries, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { VendorFacingFinding } from '../../../contracts/assurance';
import type { Page } from '../../../contracts/common';
import type { VendorFacingEngagement } from '../../../contracts/engagements';
import type { Inbox } from '../../../contracts/meetings';
import type {
  AcceptInvitationResponse,
  CreatedInvitation,
  CreateInvitationBody,
  InvitationView,
} from '../../../contracts/portal';
import type { ScorecardList } from '../../../contracts/quality-reviews';
import type { AssessmentStatus, VendorFacingAssessment } from '../../../contracts/questionnaires';
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

/** What a vendor user has to act on, read from the lists the API already answers them. */
const todoKeys = {
  all: [...portalKeys.all, 'todo'] as const,
  assessments: () => [...todoKeys.all, 'assessments'] as const,
  findings: () => [...todoKeys.all, 'findings'] as const,
  engagements: () => [...todoKeys.all, 'engagements'] as const,
  scorecards: (engagementId: string) => [...todoKeys.all, 'scorecards', engagementId] as const,
  inbox: () => [...todoKeys.all, 'inbox'] as const,
};

export function useOpenAssessments() {
  return useQuery({
    queryKey: todoKeys.assessments(),
    queryFn: () => api.get<Page<VendorFacingAssessment>>('/assessments', { limit: 200 }),
    select: (page) =>
      page.items
        .filter((a) => OPEN_ASSESSMENT.has(a.status))
        .sort((a, b) => a.dueDate.localeCompare(b.dueDate)),
  });
}
const OPEN_ASSESSMENT = new Set<AssessmentStatus>(['sent', 'in_progress', 'clarification_requested']);

export function useOpenFindings() {
  return useQuery({
    queryKey: todoKeys.findings(),
    queryFn: () => api.get<Page<VendorFacingFinding>>('/findings', { limit: 200 }),
    select: (page) =>
      page.items
        .filter((f) => f.status === 'open' || f.status === 'in_progress')
        .sort((a, b) => a.dueOn.localeCompare(b.dueOn)),
  });
}

/** Published scorecards of the vendor's running engagements that nobody has answered yet. */
export function useScorecardsToAnswer() {
  const engagements = useQuery({
    queryKey: todoKeys.engagements(),
    queryFn: () => api.get<Page<VendorFacingEngagement>>('/engagements', { limit: 200 }),
  });
  const ids = (engagements.data?.items ?? []).map((e) => e.id);
  const lists = useQueries({
    queries: ids.map((id) => ({
      queryKey: todoKeys.scorecards(id),
      queryFn: () =>
        api.get<z.infer<typeof ScorecardList>>(`/engagements/${encodeURIComponent(id)}/scorecards`),
    })),
  });
  const titles = new Map((engagements.data?.items ?? []).map((e) => [e.id, e.title]));
  const items = lists.flatMap((q) =>
    (q.data?.items ?? [])
      .filter((s) => s.status === 'published' && s.responses.length === 0)
      .map((s) => ({ ...s, engagementTitle: titles.get(s.engagementId) ?? '' })),
  );
  return {
    isPending: engagements.isPending || lists.some((q) => q.isPending),
    error: engagements.error ?? lists.find((q) => q.error)?.error ?? null,
    items: items.sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '')),
  };
}

/** Threads with messages the user has not read, mentions among them. */
export function useUnreadThreads() {
  return useQuery({
    queryKey: todoKeys.inbox(),
    queryFn: () => api.get<Inbox>('/inbox', { limit: 200 }),
    select: (inbox) => inbox.items.filter((t) => t.unreadCount > 0),
  });
}
