import {
  Badge,
  Button,
  Grid,
  Group,
  NavLink,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { Visibility } from '../../../contracts/messaging';
import { roleCan } from '../../../contracts/policy';
import { useUser } from '../../app/session';
import { Crumbs } from '../../components/Crumbs';
import { EmptyState } from '../../components/EmptyState';
import { notifyError } from '../../components/form-errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useCreateThread, useEngagementTitle, useThreads } from './api';
import { ThreadView } from './ThreadView';

function NewThread({ engagementId, onCreated }: { engagementId: string; onCreated: (id: string) => void }) {
  const user = useUser();
  const create = useCreateThread(engagementId);
  const [title, setTitle] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('shared');
  const internal = user.role !== 'vendor';
  return (
    <Paper withBorder p="sm">
      <Stack gap="xs">
        <TextInput
          label="New thread"
          placeholder="Subject"
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        {internal ? (
          <SegmentedControl
            size="xs"
            value={visibility}
            onChange={(v) => setVisibility(v as Visibility)}
            data={[
              { value: 'shared', label: 'Shared with vendor' },
              { value: 'internal', label: 'Internal only' },
            ]}
          />
        ) : null}
        <Button
          size="xs"
          disabled={!title.trim()}
          loading={create.isPending}
          onClick={() =>
            create.mutate(
              { title, visibility: internal ? visibility : 'shared' },
              {
                onSuccess: (thread) => {
                  setTitle('');
                  onCreated(thread.id);
                },
                onError: (e) => notifyError(e),
              },
            )
          }
        >
          Start thread
        </Button>
      </Stack>
    </Paper>
  );
}

/** An engagement's threads with unread counts, the open thread and its composer. */
export function MessagesPage() {
  const { id = '', threadId } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const engagement = useEngagementTitle(id);
  const threads = useThreads(id);
  const canStart = roleCan(user.role, 'thread', 'create');
  const open = (t: string) => navigate(`/engagements/${id}/messages/${t}`);

  return (
    <QueryState query={engagement} what="Engagement">
      {(e) => (
        <>
          <Crumbs
            trail={[
              { label: 'Engagements', to: '/engagements' },
              { label: e.title, to: `/engagements/${id}` },
            ]}
            here="Messages"
          />
          <PageHeader
            title={`Messages: ${e.title}`}
            description="Threads with the vendor, and internal ones the vendor never sees."
          />
          <QueryState query={threads} what="Threads">
            {(page) => {
              const current = page.items.find((t) => t.id === threadId) ?? null;
              return (
                <Grid gap="lg">
                  <Grid.Col span={{ base: 12, md: 4 }}>
                    <Stack gap="sm">
                      {page.items.length === 0 ? (
                        <EmptyState title="No threads yet" testId="threads-empty">
                          {canStart ? 'Start one below.' : 'Nobody has started a thread on this engagement.'}
                        </EmptyState>
                      ) : (
                        <Paper withBorder>
                          {page.items.map((t) => (
                            <NavLink
                              key={t.id}
                              active={t.id === threadId}
                              label={t.title}
                              description={`${t.messageCount} message${t.messageCount === 1 ? '' : 's'}${t.visibility === 'internal' ? ' · internal' : ''}`}
                              onClick={() => open(t.id)}
                              data-testid="thread-link"
                              rightSection={
                                t.unreadCount > 0 ? (
                                  <Badge size="sm" circle data-testid="unread-count">
                                    {t.unreadCount}
                                  </Badge>
                                ) : null
                              }
                            />
                          ))}
                        </Paper>
                      )}
                      {canStart ? <NewThread engagementId={id} onCreated={open} /> : null}
                    </Stack>
                  </Grid.Col>
                  <Grid.Col span={{ base: 12, md: 8 }}>
                    {current ? (
                      <ThreadView key={current.id} thread={current} engagementId={id} />
                    ) : (
                      <Group>
                        <Text c="dimmed">{page.items.length ? 'Choose a thread on the left.' : ''}</Text>
                      </Group>
                    )}
                  </Grid.Col>
                </Grid>
              );
            }}
          </QueryState>
        </>
      )}
    </QueryState>
  );
}
