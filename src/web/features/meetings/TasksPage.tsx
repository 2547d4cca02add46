import {
  Anchor,
  Badge,
  Button,
  Checkbox,
  Code,
  Group,
  Paper,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError } from '../../components/form-errors';
import { absoluteLink } from '../../components/format';
import { DataTable } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useCalendarToken, useMyTasks, useSetActionStatus } from './api';

/** The action items the signed-in user owns, from every meeting, and their calendar feed. */
export function TasksPage() {
  const user = useUser();
  const canWrite = permissions.writeEngagements(user);
  const [status, setStatus] = useState<'open' | 'done' | 'all'>('open');
  const tasks = useMyTasks(status);
  const mark = useSetActionStatus();
  const token = useCalendarToken();
  const today = new Date().toISOString().slice(0, 10);
  return (
    <Stack>
      <PageHeader
        title="My tasks"
        description="Action items from governance meetings that you own."
        actions={
          <SegmentedControl
            value={status}
            onChange={(v) => setStatus(v as typeof status)}
            data={[
              { value: 'open', label: 'Open' },
              { value: 'done', label: 'Done' },
              { value: 'all', label: 'All' },
            ]}
          />
        }
      />
      <QueryState query={tasks} what="Tasks">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title={status === 'open' ? 'Nothing open' : 'No tasks'}>
              Action items you are given in a meeting’s minutes show up here.
            </EmptyState>
          ) : (
            <DataTable testId="tasks" columns={['Done', 'Action', 'Meeting', 'Due']}>
              {data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Checkbox
                      aria-label={`Done: ${a.title}`}
                      checked={a.status === 'done'}
                      disabled={!canWrite}
                      onChange={(e) =>
                        mark.mutate(
                          { id: a.id, status: e.currentTarget.checked ? 'done' : 'open' },
                          { onError: (err) => notifyError(err) },
                        )
                      }
                    />
                  </Table.Td>
                  <Table.Td>{a.title}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/engagements/${a.engagementId}/meetings`}>
                      {a.seriesTitle} · {a.meetingDate}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {a.dueDate ?? '—'}{' '}
                    {a.status === 'open' && a.dueDate && a.dueDate < today ? (
                      <Badge color="red" variant="light">
                        overdue
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      <Paper withBorder p="md">
        <Stack gap="xs">
          <Text fw={600}>Calendar feed</Text>
          <Text size="sm" c="dimmed">
            Subscribe in your calendar app to see your meetings, deliverable and milestone due dates,
            certificate expiries and renewals. The address is a secret: making a new one turns the old one
            off.
          </Text>
          <Group>
            <Button
              variant="light"
              loading={token.isPending}
              onClick={() => token.mutate(undefined, { onError: (e) => notifyError(e) })}
            >
              {token.data ? 'Make a new address' : 'Get my calendar address'}
            </Button>
          </Group>
          {token.data ? <Code data-testid="calendar-url">{absoluteLink(token.data.url)}</Code> : null}
        </Stack>
      </Paper>
    </Stack>
  );
}
