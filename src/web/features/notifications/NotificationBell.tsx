import {
  ActionIcon,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
  UnstyledButton,
} from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Notification } from '../../../contracts/notifications';
import { formatInstant } from '../../components/reference-data';
import { useMarkAllRead, useMarkRead, useNotifications } from './api';

const BellIcon = () => (
  <svg
    width="20"
    height="20"
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
    aria-hidden="true"
  >
    <path
      d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0"
      strokeLinecap="round"
      strokeLinejoin="round"
    />
  </svg>
);

/** The bell in the header: the unread count, and the latest notifications to open. */
export function NotificationBell() {
  const [opened, setOpened] = useState(false);
  const list = useNotifications();
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const navigate = useNavigate();
  const unread = list.data?.unreadCount ?? 0;
  const items = list.data?.items ?? [];

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    setOpened(false);
    if (n.link) navigate(n.link);
  };

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={380} shadow="md" withinPortal>
      {/* The target is the button itself: Popover puts aria-haspopup/aria-expanded on it, which a
          plain <div> (the Indicator) may not carry. */}
      <Indicator
        label={unread > 99 ? '99+' : unread}
        size={18}
        disabled={unread === 0}
        color="red"
        offset={4}
      >
        <Popover.Target>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
            data-testid="notification-bell"
            onClick={() => setOpened((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
      </Indicator>
      <Popover.Dropdown p={0} data-testid="notification-list">
        <Group justify="space-between" px="md" py="xs">
          <Text fw={600}>Notifications</Text>
          <Group gap={4}>
            <Button
              size="compact-xs"
              variant="subtle"
              data-testid="notification-settings-link"
              onClick={() => {
                setOpened(false);
                navigate('/settings/notifications');
              }}
            >
              Settings
            </Button>
            <Button
              size="compact-xs"
              variant="subtle"
              disabled={unread === 0}
              onClick={() => markAll.mutate(undefined)}
            >
              Mark all read
            </Button>
          </Group>
        </Group>
        <ScrollArea.Autosize mah={420}>
          {items.length === 0 ? (
            <Text size="sm" c="dimmed" px="md" pb="md">
              Nothing yet. Reminders about expiring certificates and other news will appear here.
            </Text>
          ) : (
            <Stack gap={0}>
              {items.map((n) => (
                <UnstyledButton
                  key={n.id}
                  onClick={() => open(n)}
                  px="md"
                  py="sm"
                  data-testid="notification-item"
                  style={{
                    borderTop: '1px solid var(--mantine-color-default-border)',
                    background: n.readAt ? undefined : 'var(--mantine-color-blue-light)',
                  }}
                >
                  <Text size="sm" fw={n.readAt ? 400 : 600}>
                    {n.title}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {n.body}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatInstant(n.createdAt)}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          )}
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}
