import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { LoginResponse, MeResponse, User } from '../../contracts/accounts';
import type { Grants } from '../../contracts/policy';
import { ApiError, api, setCsrfToken, setUnauthorizedHandler } from './api';

type Me = z.infer<typeof MeResponse>;

/** The signed-in user with what the server's policy table lets them do (answered by GET /me). */
export type SignedInUser = User & { grants: Grants };

/** The query key of the signed-in user; null data means signed out. */
const sessionKey = ['session', 'me'] as const;

interface SessionValue {
  /** The signed-in user, null when signed out, undefined while loading. */
  user: SignedInUser | null | undefined;
  /** Take the answer of POST /auth/login as the new session. */
  signedIn(answer: z.infer<typeof LoginResponse>): void;
  signOut(): Promise<void>;
  /** Why the last session ended: the user signed out, or the server stopped accepting it. */
  ended: 'signed-out' | 'expired' | null;
}

const SessionContext = createContext<SessionValue | null>(null);

async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api.get<Me>('/me', undefined, { allowUnauthorized: true });
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

/** Holds who is signed in; a 401 from any call ends the session in the interface too. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: sessionKey, queryFn: fetchMe, staleTime: Number.POSITIVE_INFINITY });
  const [ended, setEnded] = useState<SessionValue['ended']>(null);

  const clear = useCallback(() => {
    setCsrfToken(null);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
    queryClient.setQueryData(sessionKey, null);
  }, [queryClient]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      setEnded('expired');
      clear();
    });
    return () => setUnauthorizedHandler(null);
  }, [clear]);

  const value = useMemo<SessionValue>(
    () => ({
      user: me.isPending ? undefined : me.data ? { ...me.data.user, grants: me.data.permissions } : null,
      ended,
      signedIn(answer) {
        setEnded(null);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
        setCsrfToken(answer.csrfToken);
        // Ask who is signed in again: the answer carries what the new user may do.
        void queryClient.resetQueries({ queryKey: sessionKey });
      },
      async signOut() {
        setEnded('signed-out');
        let endSessionUrl: string | undefined;
        try {
          // A single sign-on session ends at the identity provider too, where it supports that.
          endSessionUrl = (await api.post<{ endSessionUrl?: string } | undefined>('/auth/logout'))
            ?.endSessionUrl;
        } finally {
          clear();
        }
        if (endSessionUrl) window.location.assign(endSessionUrl);
      },
    }),
    [me.isPending, me.data, ended, queryClient, clear],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in user, for pages behind the sign-in guard. */
export function useUser(): SignedInUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser on a page without a signed-in user');
  return user;
}
