import {
  Button,
  Center,
  Collapse,
  Divider,
  Group,
  Loader,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  UnstyledButton,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../../../app/api';
import { CountrySelect, CurrencySelect, TimeZoneSelect } from '../../../components/FormParts';

import { notifySuccess, showApiError } from '../../../components/form-errors';
import { newPasswordError, PASSWORD_RULE } from '../../../components/password';
import { useSetup, useSetupStatus } from '../api';
import { AuthCard } from '../components/AuthCard';

/** The first visit: create the owner account (and, optionally, describe the organisation). */
export function SetupPage() {
  const status = useSetupStatus();
  const setup = useSetup();
  const navigate = useNavigate();
  const [orgOpen, { toggle: toggleOrg }] = useDisclosure(false);
  const form = useForm({
    initialValues: {
      name: '',
      email: '',
      password: '',
      organisation: { name: '', country: '', timezone: '', currency: '' },
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter your name'),
      email: (v) => (/^\S+@\S+\.\S+$/.test(v) ? null : 'Enter an email address'),
      password: newPasswordError,
    },
  });

  if (status.isPending) {
    return (
      <Center h="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  // After our own success the page navigates itself (with the email); only a stale visit redirects here.
  if (status.data && !status.data.needsSetup && !setup.isSuccess) return <Navigate to="/login" replace />;

  const submit = form.onSubmit((values) => {
    const organisation = Object.fromEntries(
      Object.entries(values.organisation).filter(([, v]) => typeof v === 'string' && v.trim() !== ''),
    );
    setup.mutate(
      {
        name: values.name,
        email: values.email,
        password: values.password,
        ...(Object.keys(organisation).length ? { organisation } : {}),
      },
      {
        onSuccess: () => {
          notifySuccess('Owner account created. Sign in to continue.');
          setup.markSetUp();
          navigate('/login', { replace: true, state: { email: values.email } });
        },
        onError: (error) => {
          const touchesOrg =
            error instanceof ApiError && error.errors.some((e) => e.field.startsWith('organisation'));
          if (touchesOrg && !orgOpen) toggleOrg();
          showApiError(error, form);
        },
      },
    );
  });

  return (
    <AuthCard
      title="Set up Outpost"
      subtitle="Create the owner account. The owner can add everyone else afterwards."
    >
      <form onSubmit={submit} noValidate data-testid="setup-form">
        <Stack>
          <TextInput label="Your name" required autoFocus {...form.getInputProps('name')} />
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            {...form.getInputProps('email')}
          />
          <PasswordInput
            label="Password"
            description={PASSWORD_RULE}
            autoComplete="new-password"
            required
            {...form.getInputProps('password')}
          />
          <Divider />
          <UnstyledButton onClick={toggleOrg} aria-expanded={orgOpen}>
            <Group justify="space-between">
              <Text size="sm" fw={600}>
                Organisation details (optional)
              </Text>
              <Text size="sm" c="dimmed">
                {orgOpen ? 'Hide' : 'Show'}
              </Text>
            </Group>
          </UnstyledButton>
          <Collapse expanded={orgOpen}>
            <Stack>
              <TextInput label="Organisation name" {...form.getInputProps('organisation.name')} />
              <SimpleGrid cols={2}>
                <CountrySelect label="Country" clearable {...form.getInputProps('organisation.country')} />
                <CurrencySelect label="Currency" clearable {...form.getInputProps('organisation.currency')} />
              </SimpleGrid>
              <TimeZoneSelect label="Time zone" clearable {...form.getInputProps('organisation.timezone')} />
            </Stack>
          </Collapse>
          <Button type="submit" loading={setup.isPending} fullWidth>
            Create owner account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
