import { Paper, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled, bordered part of a page or a long form, with an optional line under the title. */
export function Section({
  title,
  description,
  testId,
  children,
}: {
  title: string;
  description?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      {description ? (
        <>
          <Title order={4} mb={4}>
            {title}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {description}
          </Text>
        </>
      ) : (
        <Title order={4} mb="md">
          {title}
        </Title>
      )}
      {children}
    </Paper>
  );
}
