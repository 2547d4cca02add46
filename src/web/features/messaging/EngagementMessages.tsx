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
import { useSearchParams } from 'react-router';
import type { Visibility } from '../../../contracts/messaging';
import { can } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError } from '../../components/form-errors';
import { QueryState } from '../../components/QueryState';
import { useCreateThread, useThreads } from './api';
import { ThreadView } from './ThreadView';

function NewThread({ engagementId, onCreated }: { engagementId: string; onCreated: (id: string) => void }) {
  const user = useUser();
  const create = useCreateThread(engagementId);
  const [title, setTitle] = useState('');
  const internal = user.role !== 'vendor';
  // A new thread starts internal: sharing with the vendor is a choice, never an accident.
  const [visibility, setVisibility] = useState<Visibility>('internal');
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
            aria-label="Who sees the thread"
            data={[
              { value: 'internal', label: 'Internal only' },
              { value: 'shared', label: 'Shared with vendor' },
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

/**
 * An engagement's threads with unread counts, the open thread and its composer: the Messages tab
 * of the engagement page, so the conversation stays beside the engagement it is about. The open
 * thread is in the address (`?tab=messages&thread=…`), so a link to it can be shared.
 */
export function EngagementMessages({ engagementId: id }: { engagementId: string }) {
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const threadId = params.get('thread');
  const threads = useThreads(id);
  const canStart = can(user, 'thread', 'create');
  const open = (t: string) =>
    setParams((prev) => {
      const p = new URLSearchParams(prev);
      p.set('thread', t);
      return p;
    });

  return (
    <QueryState query={threads} what="Threads">
      {(page) => {
        const current = page.items.find((t) => t.id === threadId) ?? null;
        return (
          <Grid gap="lg" data-testid="engagement-messages">
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
  );
}
