import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ApiToken,
  ChangePasswordBody,
  CreatedToken,
  CreateTokenBody,
  CreateUserBody,
  LoginResponse,
  PasswordChanged,
  SetupBody,
  SetupStatus,
  UpdateUserBody,
  User,
} from '../../../contracts/accounts';
import type { Page } from '../../../contracts/common';
import type {
  CreateIdentityProviderBody,
  IdentityProvider,
  SignInProvider,
  UpdateIdentityProviderBody,
} from '../../../contracts/identity';
import { api } from '../../app/api';
import { optionKeys } from '../../components/options';

export type Token = z.infer<typeof ApiToken>;

/** Every query key of the accounts area. */
const accountKeys = {
  all: ['accounts'] as const,
  setup: () => [...accountKeys.all, 'setup'] as const,
  users: (filters: { q?: string; cursor?: string }) => [...accountKeys.all, 'users', filters] as const,
  tokens: () => [...accountKeys.all, 'tokens'] as const,
};

export function useSetupStatus() {
  return useQuery({
    queryKey: accountKeys.setup(),
    queryFn: () => api.get<z.infer<typeof SetupStatus>>('/setup'),
    staleTime: 0,
  });
}

/**
 * Create the owner. The caller marks setup as done (see `markSetUp`) in the same tick as it
 * navigates, so the setup page does not redirect on its own and lose the navigation state.
 */
export function useSetup() {
  const qc = useQueryClient();
  const mutation = useMutation({
    mutationFn: (body: z.input<typeof SetupBody>) => api.post<User>('/setup', body),
  });
  return { ...mutation, markSetUp: () => qc.setQueryData(accountKeys.setup(), { needsSetup: false }) };
}

export function useLogin() {
  return useMutation({
    mutationFn: (body: { email: string; password: string }) =>
      api.post<z.infer<typeof LoginResponse>>('/auth/login', body, { allowUnauthorized: true }),
  });
}

export function useUsers(filters: { q?: string; cursor?: string }) {
  return useQuery({
    queryKey: accountKeys.users(filters),
    queryFn: () => api.get<Page<User>>('/users', { ...filters, limit: 50 }),
    placeholderData: (previous) => previous,
  });
}

/** A change to the users invalidates this feature's user lists and the shared owner options. */
const usersChanged = (qc: QueryClient) =>
  Promise.all([
    qc.invalidateQueries({ queryKey: [...accountKeys.all, 'users'] }),
    qc.invalidateQueries({ queryKey: optionKeys.internalUsers() }),
  ]);

export function useCreateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateUserBody>) => api.post<User>('/users', body),
    onSuccess: () => usersChanged(qc),
  });
}

export function useUpdateUser() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: z.input<typeof UpdateUserBody> & { id: string }) =>
      api.patch<User>(`/users/${id}`, body),
    onSuccess: () => usersChanged(qc),
  });
}

export function useTokens() {
  return useQuery({
    queryKey: accountKeys.tokens(),
    queryFn: () => api.get<{ items: Token[] }>('/tokens'),
  });
}

export function useCreateToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof CreateTokenBody>) =>
      api.post<z.infer<typeof CreatedToken>>('/tokens', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.tokens() }),
  });
}

export function useRevokeToken() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/tokens/${id}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: accountKeys.tokens() }),
  });
}

/** Change one's own password; the answer lists the API tokens that still work (and any revoked with it). */
export function useChangePassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof ChangePasswordBody>) =>
      api.post<z.infer<typeof PasswordChanged>>('/me/password', body),
    onSuccess: (answer) => qc.setQueryData(accountKeys.tokens(), { items: answer.tokens }),
  });
}

// Single sign-on (Settings → Sign-in, and the sign-in page's buttons)

type IdentityProviderDto = z.infer<typeof IdentityProvider>;

export type { IdentityProviderDto as IdentityProvider };

const ssoKeys = {
  all: ['accounts', 'sso'] as const,
  buttons: () => [...ssoKeys.all, 'buttons'] as const,
  providers: () => [...ssoKeys.all, 'providers'] as const,
};

/** The providers the sign-in page offers (public). */
export function useSignInProviders() {
  return useQuery({
    queryKey: ssoKeys.buttons(),
    queryFn: () =>
      api.get<{ items: z.infer<typeof SignInProvider>[] }>('/auth/providers', undefined, {
        allowUnauthorized: true,
      }),
    select: (answer) => answer.items,
  });
}

export function useIdentityProviders() {
  return useQuery({
    queryKey: ssoKeys.providers(),
    queryFn: () => api.get<{ items: IdentityProviderDto[] }>('/identity-providers'),
    select: (answer) => answer.items,
  });
}

export function useSaveIdentityProvider() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      body,
    }:
      | { id: null; body: z.input<typeof CreateIdentityProviderBody> }
      | { id: string; body: z.input<typeof UpdateIdentityProviderBody> }) =>
      id
        ? api.patch<IdentityProviderDto>(`/identity-providers/${encodeURIComponent(id)}`, body)
        : api.post<IdentityProviderDto>('/identity-providers', body),
    onSuccess: () => qc.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}

export function useDeleteIdentityProvider() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete(`/identity-providers/${encodeURIComponent(id)}`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ssoKeys.all }),
  });
}
