import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type {
  CreatedWebhook,
  CreateWebhookBody,
  UpdateWebhookBody,
  Webhook,
  WebhookDelivery,
} from '../../../contracts/webhooks';
import { api } from '../../app/api';

/** Every query key of the webhooks area. */
const webhookKeys = {
  all: ['webhooks'] as const,
  list: () => [...webhookKeys.all, 'list'] as const,
  deliveries: (id: string) => [...webhookKeys.all, 'deliveries', id] as const,
};

const base = (id: string) => `/webhooks/${encodeURIComponent(id)}`;

export const useWebhooks = () =>
  useQuery({ queryKey: webhookKeys.list(), queryFn: () => api.get<{ items: Webhook[] }>('/webhooks') });

export const useDeliveries = (id: string | null) =>
  useQuery({
    queryKey: webhookKeys.deliveries(id ?? ''),
    enabled: id !== null,
    queryFn: () => api.get<Page<WebhookDelivery>>(`${base(id!)}/deliveries`, { limit: 100 }),
  });

function useRefresh() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: webhookKeys.all });
}

export function useCreateWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (body: CreateWebhookBody) => api.post<CreatedWebhook>('/webhooks', body),
    onSuccess: () => refresh(),
  });
}

export function useUpdateWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateWebhookBody }) => api.patch<Webhook>(base(id), body),
    onSuccess: () => refresh(),
  });
}

export function useDeleteWebhook() {
  const refresh = useRefresh();
  return useMutation({ mutationFn: (id: string) => api.delete(base(id)), onSuccess: () => refresh() });
}

export function useTestWebhook() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (id: string) => api.post<WebhookDelivery>(`${base(id)}/test`),
    onSuccess: () => refresh(),
  });
}

export function useReplayDelivery() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: ({ id, deliveryId }: { id: string; deliveryId: string }) =>
      api.post<WebhookDelivery>(`${base(id)}/deliveries/${encodeURIComponent(deliveryId)}/replay`),
    onSuccess: () => refresh(),
  });
}
