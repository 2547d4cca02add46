import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  Notification,
  NotificationPage,
  NotificationPreferences,
  PutNotificationPreferencesBody,
} from '../../../contracts/notifications';
import { api } from '../../app/api';

/** Every query key of the notifications area. */
const notificationKeys = { all: ['notifications'] as const };

/** The newest notifications and the unread count; checked again every minute. */
export const useNotifications = () =>
  useQuery({
    queryKey: notificationKeys.all,
    queryFn: () => api.get<NotificationPage>('/notifications', { limit: 20 }),
    refetchInterval: 60_000,
  });

function useNotificationMutation<T>(fn: (input: T) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
export const useMarkRead = () =>
  useNotificationMutation((id: string) => api.post<Notification>(`/notifications/${id}/read`));
export const useMarkAllRead = () => useNotificationMutation(() => api.post('/notifications/read-all'));

/** The caller's channel per event type, and whether the server can send email. */
export const usePreferences = () =>
  useQuery({
    queryKey: [...notificationKeys.all, 'preferences'] as const,
    queryFn: () => api.get<NotificationPreferences>('/notification-preferences'),
  });

export const useSavePreferences = () => {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PutNotificationPreferencesBody) =>
      api.put<NotificationPreferences>('/notification-preferences', body),
    onSuccess: (data) => qc.setQueryData([...notificationKeys.all, 'preferences'], data),
  });
};
