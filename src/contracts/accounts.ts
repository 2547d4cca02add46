import { z } from 'zod';
import { Country, Currency, Email, Instant, idOf, ListQuery, Name, TimeZone } from './common';
import { Lei } from './dora';

export const ROLES = ['owner', 'admin', 'manager', 'viewer', 'auditor', 'vendor'] as const;
/** What a user may do; a vendor user is bound to exactly one vendor. */
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const TOKEN_SCOPES = ['read', 'write'] as const;
/**
 * What an API token may do within its user's role: `read` reads and exports only (GET), `write`
 * also changes things. No token, whatever its scope, manages credentials (tokens, the password,
 * the calendar-feed address): that takes a signed-in session.
 */
export const TokenScope = z.enum(TOKEN_SCOPES, { message: 'must be read or write' }).meta({
  id: 'TokenScope',
  description:
    '`read`: GET requests only (read, list, export). `write`: everything the user’s role allows, ' +
    'except managing API tokens, the password and the calendar feed, which need a signed-in session.',
});
export type TokenScope = z.infer<typeof TokenScope>;

/**
 * NIST SP 800-63B §5.1.1.2: a password is compared in Unicode NFKC (as it is hashed), its length is
 * counted there in code points (what a person sees as characters, so `é` typed either way and an
 * emoji are one each), and it must have something visible in it. The rest of the rule — common
 * passwords, the user's own name, e-mail and organisation, the current password — needs the
 * dictionaries and the user, and is the server's (accounts/passwords.ts).
 */
export const PASSWORD_LENGTH = { min: 12, max: 256 } as const;

/** Whitespace, control and format characters (zero-width spaces, joiners, marks…) and other default-ignorable ones. */
const INVISIBLE_ONLY = /^[\p{Cc}\p{Cf}\p{Z}\p{Default_Ignorable_Code_Point}]*$/u;

/** What is wrong with a password's shape, as a field message, or null: shared by the schema and the web forms. */
/**
 * The longest password as typed, in UTF-16 units: 256 characters of up to four units each (an emoji
 * is two). Sign-in and the current password accept this much, so every password that could be
 * set can be typed again.
 */
const PASSWORD_UNITS_MAX = 4 * PASSWORD_LENGTH.max;

export function passwordShapeProblem(password: string): string | null {
  // Bound the work before normalising (NFKC can lengthen a string up to 18 times).
  if (password.length > PASSWORD_UNITS_MAX) return `must be at most ${PASSWORD_LENGTH.max} characters`;
  const normalised = password.normalize('NFKC');
  const length = [...normalised].length;
  if (length < PASSWORD_LENGTH.min) return `must be at least ${PASSWORD_LENGTH.min} characters`;
  if (length > PASSWORD_LENGTH.max) return `must be at most ${PASSWORD_LENGTH.max} characters`;
  if (INVISIBLE_ONLY.test(normalised))
    return 'must contain visible characters, not only spaces or invisible ones';
  return null;
}

export const Password = z
  .string()
  .superRefine((value, ctx) => {
    const problem = passwordShapeProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({
    // JSON Schema counts code points, as the rule does (after NFKC).
    minLength: PASSWORD_LENGTH.min,
    maxLength: PASSWORD_LENGTH.max,
    description:
      'At least 12 characters (Unicode code points after NFKC normalisation), not only spaces or invisible characters; ' +
      'common passwords and ones built from the user’s name, e-mail or organisation are refused.',
  });

export const User = z
  .object({
    id: idOf('usr'),
    name: z.string(),
    email: z.string(),
    role: Role,
    vendorId: z.string().nullable(),
    disabled: z.boolean(),
    createdAt: Instant,
    lastLoginAt: Instant.nullable(),
  })
  .meta({ id: 'User' });
export type User = z.infer<typeof User>;

const WorkHours = z
  .object({
    start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' }),
    end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be HH:MM' }),
  })
  .refine((h) => h.start < h.end, { message: 'must end after it starts', path: ['end'] });

/** The home side: what engagements, cases, the planner and the privacy register compare against. */
export const Organisation = z
  .strictObject({
    name: Name,
    country: Country,
    timezone: TimeZone,
    currency: Currency,
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    workdays: z
      .array(z.number().int().min(1).max(7))
      .min(1)
      .max(7)
      .refine((d) => new Set(d).size === d.length, { message: 'must not repeat a day' }),
    hours: WorkHours,
    /** ISO 17442 Legal Entity Identifier of the organisation (the DORA register's B_01.01); public. */
    lei: Lei.nullable().optional(),
  })
  .meta({ id: 'Organisation' });
export type Organisation = z.infer<typeof Organisation>;

export const SetupBody = z.strictObject({
  name: Name,
  email: Email,
  password: Password,
  organisation: Organisation.partial().optional(),
});
export const SetupStatus = z.object({ needsSetup: z.boolean() });

/** A password given to be checked (sign-in, the current password): any that could have been set. */
const PasswordAttempt = z.string().min(1).max(PASSWORD_UNITS_MAX);

export const LoginBody = z.strictObject({ email: Email, password: PasswordAttempt });
export const LoginResponse = z.object({ user: User, csrfToken: z.string() });
export const MeResponse = z.object({
  user: User,
  csrfToken: z.string().nullable(),
  via: z.enum(['session', 'token']),
  /** The calling token's scope; null for a session. */
  scope: TokenScope.nullable(),
  /**
   * What the caller may do, from the policy table the server enforces: each resource (`vendor`,
   * `changeRequest`, …) with the actions allowed on it (`read`, `create`, `decide`, …), narrowed
   * by the token's scope. A vendor user's rows are further limited to their own vendor.
   */
  permissions: z.record(z.string(), z.array(z.string())),
});

export const CreateUserBody = z
  .strictObject({
    name: Name,
    email: Email,
    password: Password,
    role: Role,
    vendorId: idOf('vnd').optional(),
  })
  .refine((b) => (b.role === 'vendor') === (b.vendorId !== undefined), {
    message: 'is required for the vendor role and only allowed with it',
    path: ['vendorId'],
  });
export const UpdateUserBody = z
  .strictObject({
    name: Name.optional(),
    role: Role.optional(),
    vendorId: idOf('vnd').nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export const UserListQuery = ListQuery.extend({
  role: Role.optional(),
  q: z.string().max(200).optional(),
});

export const ChangePasswordBody = z
  .strictObject({
    currentPassword: PasswordAttempt,
    newPassword: Password,
    /** Also revoke every API token of the user in the same change (default: keep them, and list them). */
    revokeTokens: z.boolean().optional().meta({
      description:
        'Also revoke every API token of yours in the same change. Without it the tokens keep working and the answer lists them.',
    }),
  })
  .refine((b) => b.newPassword.normalize('NFKC') !== b.currentPassword.normalize('NFKC'), {
    message: 'must differ from the current password',
    path: ['newPassword'],
  });

export const ApiToken = z
  .object({
    id: idOf('tok'),
    name: z.string(),
    scope: TokenScope,
    prefix: z.string(),
    createdAt: Instant,
    expiresAt: Instant.nullable(),
    lastUsedAt: Instant.nullable(),
  })
  .meta({ id: 'ApiToken' });
export const CreateTokenBody = z.strictObject({
  name: Name,
  scope: TokenScope,
  expiresAt: Instant.refine((v) => Date.parse(v) > Date.now(), {
    message: 'must be in the future',
  }).optional(),
});
/** The secret appears in this answer only, once. */
export const CreatedToken = z.object({
  id: idOf('tok'),
  token: z.string(),
  name: z.string(),
  scope: TokenScope,
  expiresAt: Instant.nullable(),
});
/**
 * The answer to a password change: the API tokens that still work (a token is a credential of its
 * own, not ended by a new password unless asked), and those this change revoked.
 */
export const PasswordChanged = z
  .object({
    tokens: z.array(ApiToken),
    revokedTokens: z.array(ApiToken),
  })
  .meta({ id: 'PasswordChanged' });
