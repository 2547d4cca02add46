import { Alert, Button, CopyButton, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useParams } from 'react-router';
import { Crumbs } from '../../components/Crumbs';
import { showApiError } from '../../components/form-errors';
import { absoluteLink } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatInstant } from '../../components/reference-data';
import { useCreateInvitation, useInvitedVendor } from './api';

/** Invite a vendor contact to the portal and hand them the one-time link. */
export function InvitePage() {
  const { id = '' } = useParams();
  const vendor = useInvitedVendor(id);
  const create = useCreateInvitation(id);
  const [created, setCreated] = useState<{
    url: string;
    expiresAt: string;
    email: string;
    mailed: boolean;
  } | null>(null);
  const form = useForm({
    initialValues: { name: '', email: '' },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the contact’s name'),
      email: (v) => (/^\S+@\S+$/.test(v) ? null : 'Enter an email address'),
    },
  });
  const submit = form.onSubmit((values) =>
    create.mutate(values, {
      onSuccess: (answer) => {
        setCreated({
          ...answer,
          url: absoluteLink(answer.url),
          email: values.email,
          mailed: answer.email === 'queued',
        });
        form.reset();
      },
      onError: (error) => showApiError(error, form),
    }),
  );

  return (
    <QueryState query={vendor} what="Vendor">
      {(v) => (
        <>
          <Crumbs
            trail={[
              { label: 'Vendors', to: '/vendors' },
              { label: v.name, to: `/vendors/${v.id}` },
            ]}
            here="Invite to portal"
          />
          <PageHeader
            title={`Invite to the ${v.name} portal`}
            description="The contact gets a vendor user of this vendor: they see only this vendor’s records."
          />
          <Stack maw={640}>
            {created ? (
              <Alert color="teal" title={`Invitation for ${created.email}`} data-testid="invitation-created">
                <Stack gap="xs">
                  <Text size="sm">
                    {created.mailed
                      ? 'Outpost is mailing this link to the contact. You can also hand it over yourself.'
                      : 'Email is not set up on this server (SMTP_URL): send this link to the contact yourself.'}{' '}
                    It works once, until {formatInstant(created.expiresAt)}, and is shown only now.
                  </Text>
                  <TextInput
                    readOnly
                    value={created.url}
                    aria-label="Invitation link"
                    data-testid="invitation-url"
                  />
                  <CopyButton value={created.url}>
                    {({ copied, copy }) => (
                      <Button size="xs" variant="light" onClick={copy} w="fit-content">
                        {copied ? 'Copied' : 'Copy link'}
                      </Button>
                    )}
                  </CopyButton>
                </Stack>
              </Alert>
            ) : null}
            <Paper withBorder p="lg">
              <form onSubmit={submit} noValidate>
                <Stack>
                  <TextInput label="Name" required {...form.getInputProps('name')} />
                  <TextInput label="Email" type="email" required {...form.getInputProps('email')} />
                  <Group>
                    <Button type="submit" loading={create.isPending}>
                      Create invitation link
                    </Button>
                  </Group>
                </Stack>
              </form>
            </Paper>
          </Stack>
        </>
      )}
    </QueryState>
  );
}
