import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A modal that asks for a few fields and does one thing: the fields, then Cancel (or
 * `cancelLabel`; none when `cancellable` is false) and the action's button at the bottom right.
 */
export function ActionModal({
  title,
  onClose,
  children,
  action,
  cancellable = true,
  cancelLabel = 'Cancel',
  opened = true,
  size,
}: {
  title: string;
  cancelLabel?: string;
  /** False keeps it mounted but closed (for a modal toggled in place). */
  opened?: boolean;
  size?: string;
  onClose: () => void;
  children: ReactNode;
  action: {
    label: string;
    onClick: () => void;
    loading: boolean;
    color?: string;
    disabled?: boolean;
    testId?: string;
  };
  cancellable?: boolean;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <Stack>
        {children}
        <Group justify="flex-end">
          {cancellable ? (
            <Button variant="default" onClick={onClose}>
              {cancelLabel}
            </Button>
          ) : null}
          <Button
            color={action.color}
            disabled={action.disabled}
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
