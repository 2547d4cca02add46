import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { formatInstant } from '../../components/reference-data';
import { useInbox } from './api';

/** Threads across every engagement the user may read, latest activity first, with unread counts. */
export function InboxPage() {
  const inbox = useInbox();
  return (
    <Stack>
      <PageHeader
        title="Inbox"
        description="Threads across your engagements, latest activity first."
        badge={
          inbox.data && inbox.data.totalUnread > 0 ? (
            <Badge color="red" data-testid="inbox-total">
              {inbox.data.totalUnread} unread
            </Badge>
          ) : null
        }
      />
      <QueryState query={inbox} what="Inbox">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No threads yet">Start a thread from an engagement’s Messages tab.</EmptyState>
          ) : (
            <Stack gap="xs" data-testid="inbox">
              {data.items.map((t) => {
                const title = (
                  <Text fw={t.unreadCount > 0 ? 700 : 400} span>
                    {t.title}
                  </Text>
                );
                return (
                  <Paper key={t.id} withBorder p="sm" data-testid="inbox-thread">
                    <Group justify="space-between">
                      <Stack gap={2}>
                        {t.engagementId ? (
                          <Anchor
                            component={Link}
                            to={`/engagements/${t.engagementId}?tab=messages&thread=${t.id}`}
                          >
                            {title}
                          </Anchor>
                        ) : (
                          title
                        )}
                        <Text size="xs" c="dimmed">
                          {[t.engagementTitle, t.vendorName].filter(Boolean).join(' · ')} ·{' '}
                          {formatInstant(t.lastActivityAt)}
                        </Text>
                      </Stack>
                      <Group gap="xs">
                        {t.visibility === 'internal' ? <Badge variant="outline">Internal</Badge> : null}
                        {t.unreadCount > 0 ? (
                          <Badge color="red" data-testid="unread-badge">
                            {t.unreadCount}
                          </Badge>
                        ) : null}
                      </Group>
                    </Group>
                  </Paper>
                );
              })}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
