import {
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Typography,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import type { Meeting } from '../../../contracts/meetings';
import { notifySuccess } from '../../components/form-errors';
import { useAddAction, usePeople, useSaveMeeting, useSetActionStatus } from './api';
import { fieldErrors } from './SeriesForm';

interface MeetingProps {
  meeting: Meeting;
  engagementId: string;
  canWrite: boolean;
}

/** One meeting: agenda and minutes (written by writers, read by everyone) and its action items. */
export function MeetingPanel({ meeting, engagementId, canWrite }: MeetingProps) {
  const save = useSaveMeeting();
  const [agenda, setAgenda] = useState(meeting.agenda);
  const [minutes, setMinutes] = useState(meeting.minutes);
  useEffect(() => {
    setAgenda(meeting.agenda);
    setMinutes(meeting.minutes);
  }, [meeting.agenda, meeting.minutes]);
  const when = `${meeting.date} ${meeting.localStart}–${meeting.localEnd} (${meeting.timezone})`;

  return (
    <Paper withBorder p="md" data-testid="meeting-panel">
      <Stack gap="md">
        <Group justify="space-between">
          <Title order={4}>
            {meeting.seriesTitle} · {when}
          </Title>
          {meeting.updatedAt ? <Badge variant="light">Minutes written</Badge> : null}
        </Group>
        {canWrite ? (
          <>
            <Textarea
              label="Agenda (Markdown)"
              autosize
              minRows={3}
              value={agenda}
              onChange={(e) => setAgenda(e.currentTarget.value)}
            />
            <Textarea
              label="Minutes (Markdown)"
              autosize
              minRows={5}
              value={minutes}
              onChange={(e) => setMinutes(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button
                loading={save.isPending}
                onClick={() =>
                  save.mutate(
                    { id: meeting.id, agenda, minutes },
                    { onSuccess: () => notifySuccess('Minutes saved'), onError: (e) => fieldErrors(e) },
                  )
                }
              >
                Save agenda and minutes
              </Button>
            </Group>
          </>
        ) : (
          <>
            <Text fw={600}>Agenda</Text>
            {meeting.agendaHtml ? (
              <Typography fz="sm">
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (markdown-it, html: false) */}
                <div dangerouslySetInnerHTML={{ __html: meeting.agendaHtml }} />
              </Typography>
            ) : (
              <Text c="dimmed" size="sm">
                No agenda yet.
              </Text>
            )}
            <Text fw={600}>Minutes</Text>
            {meeting.minutesHtml ? (
              <Typography fz="sm">
                {/* biome-ignore lint/security/noDangerouslySetInnerHtml: sanitised by the server (markdown-it, html: false) */}
                <div data-testid="minutes-html" dangerouslySetInnerHTML={{ __html: meeting.minutesHtml }} />
              </Typography>
            ) : (
              <Text c="dimmed" size="sm">
                No minutes yet.
              </Text>
            )}
          </>
        )}
        <Actions meeting={meeting} engagementId={engagementId} canWrite={canWrite} />
      </Stack>
    </Paper>
  );
}

function Actions({ meeting, engagementId, canWrite }: MeetingProps) {
  const people = usePeople(engagementId, canWrite);
  const add = useAddAction();
  const setStatus = useSetActionStatus();
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const options = [
    {
      group: 'Our side',
      items: (people.data?.users ?? []).map((u) => ({ value: `user:${u.id}`, label: u.name })),
    },
    {
      group: 'Vendor contacts',
      items: (people.data?.vendorContacts ?? []).map((c) => ({ value: `contact:${c.id}`, label: c.name })),
    },
  ];
  return (
    <Stack gap="xs" data-testid="actions">
      <Text fw={600}>Action items</Text>
      {meeting.actions.length === 0 ? (
        <Text c="dimmed" size="sm">
          No action items{canWrite ? ': add one below with an owner and a due date.' : '.'}
        </Text>
      ) : (
        meeting.actions.map((a) => (
          <Group key={a.id} gap="sm" data-testid="action-row">
            <Checkbox
              checked={a.status === 'done'}
              disabled={!canWrite}
              aria-label={`Done: ${a.title}`}
              onChange={(e) =>
                setStatus.mutate({ id: a.id, status: e.currentTarget.checked ? 'done' : 'open' })
              }
            />
            <Text td={a.status === 'done' ? 'line-through' : undefined}>{a.title}</Text>
            <Badge variant="light">{a.owner.name}</Badge>
            {a.dueDate ? (
              <Text size="sm" c="dimmed">
                due {a.dueDate}
              </Text>
            ) : null}
          </Group>
        ))
      )}
      {canWrite ? (
        <Group align="flex-end" gap="xs">
          <TextInput
            label="New action"
            value={title}
            error={errors.title}
            onChange={(e) => setTitle(e.currentTarget.value)}
          />
          <Select
            label="Owner"
            data={options}
            value={owner}
            onChange={setOwner}
            searchable
            error={errors.owner}
          />
          <TextInput
            label="Due"
            type="date"
            value={due}
            error={errors.dueDate}
            onChange={(e) => setDue(e.currentTarget.value)}
          />
          <Button
            loading={add.isPending}
            disabled={!title.trim() || !owner}
            onClick={() => {
              const [type, id] = owner!.split(':') as ['user' | 'contact', string];
              add.mutate(
                { meetingId: meeting.id, title, owner: { type, id }, dueDate: due || null },
                {
                  onSuccess: () => {
                    setTitle('');
                    setDue('');
                    setErrors({});
                  },
                  onError: (e) => setErrors(fieldErrors(e)),
                },
              );
            }}
          >
            Add action
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
