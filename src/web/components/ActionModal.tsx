import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A modal that asks for a few fields and does one thing: the fields, then Cancel (unless
 * `cancellable` is false) and the action's button at the bottom right.
 */
export function ActionModal({
  title,
  onClose,
  children,
  action,
  cancellable = true,
  size,
}: {
  title: string;
  size?: string;
  onClose: () => void;
  children: ReactNode;
  action: { label: string; onClick: () => void; loading: boolean; color?: string; testId?: string };
  cancellable?: boolean;
}) {
  return (
    <Modal opened onClose={onClose} title={title} size={size}>
      <Stack>
        {children}
        <Group justify="flex-end">
          {cancellable ? (
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
          ) : null}
          <Button
            color={action.color}
            loading={action.loading}
            onClick={action.onClick}
            data-testid={action.testId}
          >
            {action.label}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
