import { Alert, Button, Center, Divider, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import type { SsoRefusal } from '../../../../contracts/identity';
import { ApiError } from '../../../app/api';
import { useSession } from '../../../app/session';
import { showApiError } from '../../../components/form-errors';
import { useLogin, useSetupStatus, useSignInProviders } from '../api';
import { AuthCard } from '../components/AuthCard';

function LoginForm({ initialEmail, from }: { initialEmail: string; from: string }) {
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<{
    title: string;
    detail: string;
    provider?: { key: string; name: string };
  } | null>(null);
  const form = useForm({
    initialValues: { email: initialEmail, password: '' },
    validate: {
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter your email address'),
      password: (v) => (v ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit((values) => {
    setProblem(null);
    login.mutate(values, {
      onSuccess: (answer) => {
        session.signedIn(answer);
        navigate(from, { replace: true });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 403 && error.body.provider) {
          // "SSO required": this e-mail's domain signs in with its identity provider.
          setProblem({
            title: 'Single sign-on required',
            detail: error.detail,
            provider: error.body.provider as { key: string; name: string },
          });
        } else if (error instanceof ApiError && (error.status === 401 || error.status === 429)) {
          setProblem({
            title: error.status === 429 ? 'Too many attempts' : 'Sign-in failed',
            detail: error.detail,
          });
        } else {
          showApiError(error, form);
        }
      },
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {problem ? (
          <Alert color="red" variant="light" title={problem.title} data-testid="login-error">
            {problem.detail}
            {problem.provider ? (
              <Button
                component="a"
                href={startUrl(problem.provider.key, from)}
                variant="light"
                mt="sm"
                fullWidth
              >
                Sign in with {problem.provider.name}
              </Button>
            ) : null}
          </Alert>
        ) : null}
        <TextInput
          label="Email"
          type="email"
          autoComplete="username"
          required
          autoFocus={!initialEmail}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          required
          autoFocus={Boolean(initialEmail)}
          {...form.getInputProps('password')}
        />
        <Button type="submit" loading={login.isPending} fullWidth mt="sm">
          Sign in
        </Button>
      </Stack>
    </form>
  );
}

/** Where a provider's button leads: Outpost starts the OpenID Connect sign-in and redirects there. */
const startUrl = (key: string, from: string) =>
  `/api/v1/auth/oidc/${encodeURIComponent(key)}/start?returnTo=${encodeURIComponent(from)}`;

/** Why a single sign-on came back refused (`/login?sso=<reason>`), in words a person can act on. */
const SSO_REFUSED: Record<SsoRefusal, { title: string; detail: string }> = {
  unmapped: {
    title: 'No access to Outpost',
    detail:
      'You signed in at your identity provider, but none of your groups gives access to Outpost. Ask an Outpost owner to map one of your groups to a role.',
  },
  state: {
    title: 'Sign-in expired',
    detail: 'This sign-in was not started here, was used already or took too long. Start again.',
  },
  token: {
    title: 'Sign-in could not be verified',
    detail:
      'The identity provider’s answer failed Outpost’s checks (signature, audience or expiry). Start again; if it keeps happening, tell an Outpost owner.',
  },
  provider: {
    title: 'Identity provider unavailable',
    detail: 'Outpost could not reach or use the identity provider. Try again later or tell an Outpost owner.',
  },
  'no-email': {
    title: 'No e-mail address',
    detail:
      'The identity provider did not send your e-mail address; ask your identity team to release the email claim.',
  },
  account: {
    title: 'Account not linked',
    detail:
      'An Outpost account with your e-mail exists and is not linked to this provider. Sign in as before, or ask an Outpost owner to bind your domain to the provider.',
  },
  disabled: { title: 'Account disabled', detail: 'Your Outpost account is disabled. Ask an administrator.' },
  vendor: {
    title: 'Wrong sign-in for this account',
    detail:
      'This provider cannot sign in your account: a vendor’s provider signs in only its own vendor’s users, and vendor users do not sign in through the organisation’s provider.',
  },
};

function SingleSignOn({ from }: { from: string }) {
  const providers = useSignInProviders();
  if (!providers.data?.length) return null;
  return (
    <Stack gap="xs" mb="md">
      {providers.data.map((p) => (
        <Button key={p.key} component="a" href={startUrl(p.key, from)} variant="default" fullWidth>
          Sign in with {p.name}
        </Button>
      ))}
      <Divider label="or with a password" labelPosition="center" />
    </Stack>
  );
}

/** Sign in with email and password or an identity provider; a fresh installation is sent to setup first. */
export function LoginPage() {
  const setup = useSetupStatus();
  const session = useSession();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string; email?: string; expired?: boolean };
  const [search] = useSearchParams();
  const refused = SSO_REFUSED[search.get('sso') as SsoRefusal] ?? null;

  if (setup.isPending || session.user === undefined) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  if (setup.data?.needsSetup) return <Navigate to="/setup" replace />;
  if (session.user) return <Navigate to={state.from ?? '/'} replace />;

  return (
    <AuthCard title="Sign in" subtitle="Use the account your Outpost administrator gave you.">
      {state.expired ? (
        <Alert color="blue" variant="light" mb="md" data-testid="session-ended">
          Your session ended. Sign in again to carry on where you were.
        </Alert>
      ) : null}
      {refused ? (
        <Alert color="red" variant="light" mb="md" title={refused.title} data-testid="sso-refused">
          {refused.detail}
        </Alert>
      ) : null}
      <SingleSignOn from={state.from ?? '/'} />
      {/* Coming from setup, the new owner's email is filled in. */}
      <LoginForm key={state.email ?? ''} initialEmail={state.email ?? ''} from={state.from ?? '/'} />
    </AuthCard>
  );
}
