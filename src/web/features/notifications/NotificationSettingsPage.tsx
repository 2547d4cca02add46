import { Alert, Button, Group, Paper, SegmentedControl, Table, Text } from '@mantine/core';
import {
  EVENT_TYPE_LABELS,
  type NotificationChannel,
  type NotificationPreferences,
} from '../../../contracts/notifications';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { DataTable } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { usePreferences, useSavePreferences } from './api';

const CHANNELS: Array<{ value: NotificationChannel; label: string }> = [
  { value: 'in_app', label: 'In the app' },
  { value: 'email', label: 'Email' },
  { value: 'digest', label: 'Daily digest' },
  { value: 'none', label: 'Off' },
];
const CHANNEL_LABEL = Object.fromEntries(CHANNELS.map((c) => [c.value, c.label])) as Record<
  NotificationChannel,
  string
>;

function Settings({ data }: { data: NotificationPreferences }) {
  const save = useSavePreferences();
  const set = (
    items: Array<{
      eventType: NotificationPreferences['items'][number]['eventType'];
      channel: NotificationChannel | null;
    }>,
    message: string,
  ) =>
    save.mutate(
      { items },
      { onSuccess: () => notifySuccess(message), onError: (e) => notifyError(e, 'Not saved') },
    );
  const changed = data.items.filter((i) => !i.isDefault);
  return (
    <>
      {!data.emailConfigured ? (
        <Alert color="yellow" variant="light" mb="md" data-testid="email-not-configured">
          Email is not configured on this Outpost server (SMTP_URL), so no mail goes out yet. Your email and
          digest choices are kept, and the mails wait until an administrator configures it.
        </Alert>
      ) : null}
      <Text size="sm" c="dimmed" mb="md">
        Each kind of news reaches you one way: in the app (the bell), by email as it happens, in one daily
        digest mail (sent after {String(data.digestHour).padStart(2, '0')}:00, {data.digestTimezone}, with the
        previous day’s news), or not at all.
      </Text>
      <Paper withBorder>
        <DataTable verticalSpacing="sm" minWidth={640} columns={['News', 'How you hear of it']}>
          {data.items.map((item) => (
            <Table.Tr key={item.eventType} data-testid={`pref-${item.eventType}`}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {EVENT_TYPE_LABELS[item.eventType]}
                </Text>
                <Text size="xs" c="dimmed">
                  {item.isDefault ? 'Default' : `Default: ${CHANNEL_LABEL[item.defaultChannel]}`}
                </Text>
              </Table.Td>
              <Table.Td>
                <SegmentedControl
                  size="xs"
                  data={CHANNELS}
                  value={item.channel}
                  disabled={save.isPending}
                  aria-label={`How you hear of: ${EVENT_TYPE_LABELS[item.eventType]}`}
                  onChange={(value) =>
                    set(
                      [{ eventType: item.eventType, channel: value as NotificationChannel }],
                      `${EVENT_TYPE_LABELS[item.eventType]}: ${CHANNEL_LABEL[value as NotificationChannel]}`,
                    )
                  }
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Paper>
      <Group justify="flex-end" mt="md">
        <Button
          variant="default"
          disabled={changed.length === 0 || save.isPending}
          onClick={() =>
            set(
              changed.map((i) => ({ eventType: i.eventType, channel: null })),
              'Back to the defaults',
            )
          }
        >
          Back to the defaults
        </Button>
      </Group>
    </>
  );
}

/** Notification settings: the caller's channel for each kind of news they can hear of. */
export function NotificationSettingsPage() {
  const prefs = usePreferences();
  return (
    <>
      <PageHeader
        title="Notification settings"
        description="Choose how you hear of what happens in Outpost. Changes are saved at once."
      />
      <QueryState query={prefs} what="your notification settings">
        {(data) => <Settings data={data} />}
      </QueryState>
    </>
  );
}
