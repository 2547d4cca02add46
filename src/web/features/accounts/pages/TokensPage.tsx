import { Button, Group, Input, Paper, SegmentedControl, Text, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { TOKEN_SCOPES, type TokenScope } from '../../../../contracts/accounts';
import { EmptyState } from '../../../components/EmptyState';
import { showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { SecretModal } from '../../../components/SecretModal';
import { useCreateToken, useTokens } from '../api';
import { SCOPE_LABELS, TokenTable } from '../components/TokenTable';

/** The local calendar day `days` from today, as the date picker holds it (YYYY-MM-DD). */
function daysAhead(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function CreateTokenForm({ onCreated }: { onCreated: (token: { name: string; token: string }) => void }) {
  const create = useCreateToken();
  const form = useForm({
    // Read is offered first: the least a script needs is the safest token to leave lying around.
    // Every token expires: in 90 days unless another day is chosen, at most a year ahead (decision 89).
    initialValues: { name: '', scope: 'read' as TokenScope, expiresAt: daysAhead(90) as string | null },
    validate: { name: (v) => (v.trim() ? null : 'Name the token after the script that will use it') },
  });
  const submit = form.onSubmit((values) => {
    create.mutate(
      {
        name: values.name,
        scope: values.scope,
        // The token stops working at the end of the chosen day, in the viewer's time zone.
        ...(values.expiresAt ? { expiresAt: new Date(`${values.expiresAt}T23:59:59`).toISOString() } : {}),
      },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated({ name: created.name, token: created.token });
        },
        onError: (error) => showApiError(error, form),
      },
    );
  });
  return (
    <Paper withBorder p="md" mb="lg">
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" wrap="wrap">
          <TextInput
            label="Token name"
            placeholder="Nightly KPI upload"
            required
            w={280}
            {...form.getInputProps('name')}
          />
          <Input.Wrapper label="Scope" labelElement="div" error={form.errors.scope}>
            <SegmentedControl
              display="flex"
              aria-label="Scope"
              data={TOKEN_SCOPES.map((s) => ({ value: s, label: SCOPE_LABELS[s].label }))}
              {...form.getInputProps('scope')}
            />
          </Input.Wrapper>
          <DatePickerInput
            label="Expires"
            description="90 days unless you choose"
            minDate={daysAhead(1)}
            maxDate={daysAhead(365)}
            w={200}
            {...form.getInputProps('expiresAt')}
          />
          <Button type="submit" loading={create.isPending}>
            Create token
          </Button>
        </Group>
        <Text size="xs" c="dimmed" mt="xs">
          A read token {SCOPE_LABELS.read.help}; a write token {SCOPE_LABELS.write.help}. No token can create
          or revoke tokens or change your password: that takes signing in.
        </Text>
      </form>
    </Paper>
  );
}

/** Personal API tokens for scripts: created here with a scope, shown once, revoked here. */
export function TokensPage() {
  const tokens = useTokens();
  const [shown, setShown] = useState<{ name: string; token: string } | null>(null);
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Scripts use a token as “Authorization: Bearer …” and act with your role, within the token’s scope."
      />
      <CreateTokenForm onCreated={setShown} />
      <QueryState query={tokens}>
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No API tokens yet">
              Create a token above when a script or another system needs to call the Outpost API for you.
            </EmptyState>
          ) : (
            <TokenTable tokens={data.items} />
          )
        }
      </QueryState>
      <SecretModal
        title="Your new API token"
        secret={shown?.token ?? null}
        warning={`Copy “${shown?.name}” now: Outpost keeps only a hash and cannot show it again.`}
        testId="new-token"
        copyLabel="Copy token"
        onClose={() => setShown(null)}
      />
    </>
  );
}
