import {
  Anchor,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { EVENT_TYPES, type EventType } from '../../../contracts/events';
import type { CreatedWebhook, DeliveryStatus, Webhook } from '../../../contracts/webhooks';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess, showApiError } from '../../components/form-errors';
import { DataTable, ListTable } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatInstant } from '../../components/reference-data';
import { SecretModal } from '../../components/SecretModal';
import {
  useCreateWebhook,
  useDeleteWebhook,
  useDeliveries,
  useReplayDelivery,
  useTestWebhook,
  useUpdateWebhook,
  useWebhooks,
} from './api';

const STATUS_COLOURS: Record<DeliveryStatus, string> = {
  pending: 'yellow',
  delivered: 'teal',
  failed: 'red',
};
const EVENT_OPTIONS = EVENT_TYPES.map((e) => ({ value: e, label: e }));

function RegisterForm({ onCreated }: { onCreated: (w: CreatedWebhook) => void }) {
  const create = useCreateWebhook();
  const form = useForm({
    initialValues: { url: '', events: [] as string[], description: '', secret: '' },
    validate: {
      url: (v) =>
        /^https?:\/\/\S+$/.test(v.trim()) ? null : 'Give the receiver’s http:// or https:// address',
      events: (v) => (v.length ? null : 'Pick at least one event type'),
    },
  });
  const submit = form.onSubmit((v) =>
    create.mutate(
      {
        url: v.url.trim(),
        events: v.events as EventType[],
        ...(v.description.trim() ? { description: v.description.trim() } : {}),
        ...(v.secret.trim() ? { secret: v.secret.trim() } : {}),
      },
      {
        onSuccess: (created) => {
          form.reset();
          onCreated(created);
        },
        onError: (e) => showApiError(e, form),
      },
    ),
  );
  return (
    <Paper withBorder p="lg" component="form" onSubmit={submit} aria-label="Register a webhook">
      <Title order={5} mb="sm">
        Register an endpoint
      </Title>
      <Stack gap="sm">
        <TextInput
          label="URL"
          placeholder="https://example.com/hooks/outpost"
          required
          {...form.getInputProps('url')}
        />
        <MultiSelect
          label="Event types"
          data={EVENT_OPTIONS}
          searchable
          required
          placeholder="Pick the events to send"
          {...form.getInputProps('events')}
        />
        <TextInput
          label="Description"
          placeholder="What receives these"
          {...form.getInputProps('description')}
        />
        <TextInput
          label="Secret"
          description="Leave empty to have one generated (whsec_…); it is shown once."
          {...form.getInputProps('secret')}
        />
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            Register
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function DeliveryLog({ webhook }: { webhook: Webhook }) {
  const deliveries = useDeliveries(webhook.id);
  const replay = useReplayDelivery();
  const test = useTestWebhook();
  return (
    <Paper withBorder p="lg" data-testid="delivery-log">
      <Group justify="space-between" mb="sm">
        <div>
          <Title order={5}>Delivery log</Title>
          <Text size="sm" c="dimmed">
            {webhook.url}
          </Text>
        </div>
        <Button
          variant="light"
          loading={test.isPending}
          onClick={() =>
            test.mutate(webhook.id, {
              onSuccess: (d) =>
                d.status === 'delivered'
                  ? notifySuccess(`The endpoint answered ${d.lastResponseCode}.`)
                  : notifyError(new Error(d.lastError ?? 'No answer'), 'Test not delivered'),
              onError: (e) => notifyError(e),
            })
          }
        >
          Send test
        </Button>
      </Group>
      <QueryState query={deliveries} what="Deliveries" rows={4}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState title="Nothing sent yet">
              Deliveries appear here when a subscribed event happens. Send a test to check the endpoint.
            </EmptyState>
          ) : (
            <DataTable
              striped
              minWidth={760}
              columns={['Event', 'Status', 'Attempts', 'Last answer', 'Next attempt', 'Delivered', '']}
            >
              {page.items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Text size="sm">{d.type}</Text>
                    <Text size="xs" c="dimmed">
                      {formatInstant(d.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLOURS[d.status]} variant="light">
                      {d.status}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{d.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{d.lastResponseCode ?? '—'}</Text>
                    {d.lastError ? (
                      <Text size="xs" c="red" lineClamp={2}>
                        {d.lastError}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{d.nextAttemptAt ? formatInstant(d.nextAttemptAt) : '—'}</Table.Td>
                  <Table.Td>{d.deliveredAt ? formatInstant(d.deliveredAt) : '—'}</Table.Td>
                  <Table.Td>
                    <Button
                      size="xs"
                      variant="default"
                      onClick={() =>
                        replay.mutate(
                          { id: webhook.id, deliveryId: d.id },
                          {
                            onSuccess: () => notifySuccess('Queued to be sent again.'),
                            onError: (e) => notifyError(e),
                          },
                        )
                      }
                    >
                      Replay
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
    </Paper>
  );
}

function WebhookRow({
  webhook,
  selected,
  onSelect,
}: {
  webhook: Webhook;
  selected: boolean;
  onSelect: () => void;
}) {
  const update = useUpdateWebhook();
  const remove = useDeleteWebhook();
  return (
    <Table.Tr bg={selected ? 'var(--mantine-color-blue-light)' : undefined}>
      <Table.Td>
        <Anchor component="button" type="button" size="sm" onClick={onSelect}>
          {webhook.url}
        </Anchor>
        {webhook.description ? (
          <Text size="xs" c="dimmed">
            {webhook.description}
          </Text>
        ) : null}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {webhook.events.map((e) => (
            <Badge key={e} variant="outline" size="sm">
              {e}
            </Badge>
          ))}
        </Group>
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={`Enabled: ${webhook.url}`}
          checked={webhook.enabled}
          onChange={(ev) =>
            update.mutate(
              { id: webhook.id, body: { enabled: ev.currentTarget.checked } },
              { onError: (e) => notifyError(e) },
            )
          }
        />
      </Table.Td>
      <Table.Td>
        <Group gap="xs" wrap="nowrap">
          <Button size="xs" variant="default" onClick={onSelect}>
            Deliveries
          </Button>
          <Button
            size="xs"
            color="red"
            variant="subtle"
            onClick={() => {
              if (window.confirm(`Remove ${webhook.url} and its delivery log?`))
                remove.mutate(webhook.id, { onError: (e) => notifyError(e) });
            }}
          >
            Remove
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/** Administrators' page: the endpoints, registering one (its secret shown once), and the delivery log. */
export function WebhooksPage() {
  const webhooks = useWebhooks();
  const [shown, setShown] = useState<CreatedWebhook | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const current = webhooks.data?.items.find((w) => w.id === selected) ?? null;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Outpost POSTs signed JSON (Standard Webhooks) to these endpoints when subscribed events happen, and retries for more than a day."
      />
      <Stack gap="lg">
        <QueryState query={webhooks} what="Webhooks" rows={3}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState title="No endpoints yet" testId="webhooks-empty">
                Register the URL of a system that should hear about Outpost’s events below.
              </EmptyState>
            ) : (
              <ListTable
                testId="webhooks-table"
                minWidth={700}
                columns={['Endpoint', 'Events', 'Enabled', '']}
              >
                {data.items.map((w) => (
                  <WebhookRow
                    key={w.id}
                    webhook={w}
                    selected={w.id === selected}
                    onSelect={() => setSelected(w.id)}
                  />
                ))}
              </ListTable>
            )
          }
        </QueryState>
        {current ? <DeliveryLog webhook={current} /> : null}
        <RegisterForm
          onCreated={(w) => {
            setShown(w);
            setSelected(w.id);
          }}
        />
      </Stack>
      <SecretModal
        title="Endpoint registered"
        secret={shown?.secret ?? null}
        warning="Copy the signing secret now and give it to the receiver: it is not shown again. The receiver checks each request’s webhook-signature with it."
        testId="webhook-secret"
        copyLabel="Copy secret"
        onClose={() => setShown(null)}
      />
    </>
  );
}
