import { Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import type { ReactNode } from 'react';

/** What a list shows when it has nothing: what it would hold and what to do next. */
export function EmptyState({
  title,
  children,
  actions,
  testId,
}: {
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
  testId?: string;
}) {
  return (
    // `data-empty-state` marks every empty state, whatever its test id: the demo's browser test
    // fails on any page a demo user opens that shows one.
    <Paper withBorder radius="md" p="xl" data-testid={testId ?? 'empty-state'} data-empty-state={title}>
      <Stack align="center" gap="xs" py="lg">
        <ThemeIcon size={44} radius="xl" variant="light">
          <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2">
            <path d="M3 7h18M3 12h18M3 17h10" strokeLinecap="round" />
          </svg>
        </ThemeIcon>
        <Text fw={600}>{title}</Text>
        {children ? (
          <Text c="dimmed" size="sm" ta="center" maw={460}>
            {children}
          </Text>
        ) : null}
        {actions}
      </Stack>
    </Paper>
  );
}
