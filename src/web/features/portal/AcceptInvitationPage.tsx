import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useNavigate, useParams } from 'react-router';
import { useSession } from '../../app/session';
import { showApiError } from '../../components/form-errors';
import { newPasswordError, PASSWORD_RULE } from '../../components/password';
import { LoadingBlock } from '../../components/QueryState';
import { useAcceptInvitation, useInvitation } from './api';

/** The public page behind an invitation link: set a password and land in the portal. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const invitation = useInvitation(token);
  const accept = useAcceptInvitation(token);
  const session = useSession();
  const navigate = useNavigate();
  const form = useForm({
    initialValues: { password: '', confirm: '' },
    validate: {
      password: newPasswordError,
      confirm: (v, values) => (v === values.password ? null : 'The passwords do not match'),
    },
  });
  const submit = form.onSubmit((values) =>
    accept.mutate(values.password, {
      onSuccess: (answer) => {
        session.signedIn(answer);
        navigate(`/vendors/${answer.user.vendorId ?? ''}`, { replace: true });
      },
      onError: (error) => showApiError(error, form),
    }),
  );

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder p="xl" w={440} radius="md">
        {invitation.isPending ? (
          <LoadingBlock />
        ) : !invitation.data ? (
          <Alert color="gray" title="This invitation cannot be used" data-testid="invitation-gone">
            The link is unknown, has been used already or has expired (links work for 7 days). Ask the person
            who invited you for a new one, or sign in if you already set a password.
          </Alert>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={3}>Join {invitation.data.vendorName} on Outpost</Title>
              <Text size="sm" c="dimmed">
                {invitation.data.invitedBy} invited {invitation.data.name} ({invitation.data.email}). Choose a
                password to sign in with this email.
              </Text>
              <PasswordInput
                label="Password"
                description={PASSWORD_RULE}
                autoComplete="new-password"
                required
                {...form.getInputProps('password')}
              />
              <PasswordInput
                label="Repeat the password"
                autoComplete="new-password"
                required
                {...form.getInputProps('confirm')}
              />
              <Button type="submit" loading={accept.isPending}>
                Set password and sign in
              </Button>
            </Stack>
          </form>
        )}
      </Paper>
    </Center>
  );
}
