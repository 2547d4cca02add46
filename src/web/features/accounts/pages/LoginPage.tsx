import { Alert, Button, Center, Loader, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../../app/api';
import { useSession } from '../../../app/session';
import { showApiError } from '../../../components/form-errors';
import { useLogin, useSetupStatus } from '../api';
import { AuthCard } from '../components/AuthCard';

function LoginForm({ initialEmail, from }: { initialEmail: string; from: string }) {
  const session = useSession();
  const login = useLogin();
  const navigate = useNavigate();
  const [problem, setProblem] = useState<{ title: string; detail: string } | null>(null);
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
        if (error instanceof ApiError && (error.status === 401 || error.status === 429)) {
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

/** Sign in with email and password; a fresh installation is sent to setup first. */
export function LoginPage() {
  const setup = useSetupStatus();
  const session = useSession();
  const location = useLocation();
  const state = (location.state ?? {}) as { from?: string; email?: string; expired?: boolean };

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
      {/* Coming from setup, the new owner's email is filled in. */}
      <LoginForm key={state.email ?? ''} initialEmail={state.email ?? ''} from={state.from ?? '/'} />
    </AuthCard>
  );
}
