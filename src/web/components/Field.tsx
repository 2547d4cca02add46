import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** One labelled value of an overview: the small capital label, then the value (text, a part, or — for nothing). */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <div>
        {children == null ? (
          <Text size="sm">—</Text>
        ) : typeof children === 'string' ? (
          <Text size="sm">{children}</Text>
        ) : (
          children
        )}
      </div>
    </Stack>
  );
}
