import type { Config } from '../../config';

/** The session cookie: set by sign-in (and the portal's invitation accept), read by the auth plugin. */
export const SESSION_COOKIE = 'outpost_session';

/** How the session cookie is set; it lives as long as a session may. */
export function sessionCookieOptions(config: Config) {
  return {
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: config.secureCookies,
    path: '/',
    maxAge: config.sessionAbsoluteHours * 3600,
  };
}
