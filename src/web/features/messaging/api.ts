import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type { StoredFile } from '../../../contracts/files';
import type { Message, Thread, Visibility } from '../../../contracts/messaging';
import { api } from '../../app/api';

/** Every query key of the messaging area. */
const messagingKeys = {
  all: ['messaging'] as const,
  threads: (engagementId: string) => [...messagingKeys.all, 'threads', engagementId] as const,
  messages: (threadId: string, q: string) => [...messagingKeys.all, 'messages', threadId, q] as const,
};

export function useThreads(engagementId: string) {
  return useQuery({
    queryKey: messagingKeys.threads(engagementId),
    queryFn: () =>
      api.get<Page<Thread>>(`/engagements/${encodeURIComponent(engagementId)}/threads`, { limit: 200 }),
  });
}

/** The messages of a thread (reading them marks it read, so the thread list is refreshed). */
export function useMessages(engagementId: string, threadId: string | null, q: string) {
  const qc = useQueryClient();
  return useQuery({
    queryKey: messagingKeys.messages(threadId ?? '', q),
    enabled: threadId !== null,
    queryFn: async () => {
      const page = await api.get<Page<Message>>(`/threads/${encodeURIComponent(threadId!)}/messages`, {
        limit: 200,
        q: q || undefined,
      });
      if (!q) void qc.invalidateQueries({ queryKey: messagingKeys.threads(engagementId) });
      return page;
    },
  });
}

function useRefresh(engagementId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: [...messagingKeys.all, 'messages'] }),
      qc.invalidateQueries({ queryKey: messagingKeys.threads(engagementId) }),
    ]);
}

export function useCreateThread(engagementId: string) {
  const refresh = useRefresh(engagementId);
  return useMutation({
    mutationFn: (body: { title: string; visibility: Visibility }) =>
      api.post<Thread>(`/engagements/${encodeURIComponent(engagementId)}/threads`, body),
    onSuccess: () => refresh(),
  });
}

export function usePostMessage(engagementId: string, threadId: string) {
  const refresh = useRefresh(engagementId);
  return useMutation({
    mutationFn: async ({ body, files }: { body: string; files: File[] }) => {
      const attachments: string[] = [];
      for (const file of files) attachments.push((await api.upload<StoredFile>('/files', file)).id);
      return api.post<Message>(`/threads/${encodeURIComponent(threadId)}/messages`, { body, attachments });
    },
    onSuccess: () => refresh(),
  });
}

export function useEditMessage(engagementId: string) {
  const refresh = useRefresh(engagementId);
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: string }) =>
      api.patch<Message>(`/messages/${encodeURIComponent(id)}`, { body }),
    onSuccess: () => refresh(),
  });
}

export function useDeleteMessage(engagementId: string) {
  const refresh = useRefresh(engagementId);
  return useMutation({
    mutationFn: (id: string) => api.delete(`/messages/${encodeURIComponent(id)}`),
    onSuccess: () => refresh(),
  });
}
