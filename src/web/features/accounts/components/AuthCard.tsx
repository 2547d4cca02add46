import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** The centred card of the setup and login pages. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: string;
  subtitle: string;
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" bg="var(--mantine-color-gray-0)" p="md">
      <Box w="100%" maw={440}>
        <Group gap={8} justify="center" mb="lg">
          <ThemeIcon radius="md" size={34}>
            <svg width="20" height="20" viewBox="0 0 32 32" aria-hidden="true">
              <path d="M16 6 7 26h4l5-11 5 11h4z" fill="currentColor" />
            </svg>
          </ThemeIcon>
          <Text fw={700} size="xl">
            Outpost
          </Text>
        </Group>
        <Paper withBorder shadow="sm" p="xl">
          <Stack gap={4} mb="lg">
            <Title order={3}>{title}</Title>
            <Text c="dimmed" size="sm">
              {subtitle}
            </Text>
          </Stack>
          {children}
        </Paper>
      </Box>
    </Center>
  );
}
