import { Button, Group, Modal, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** The one thing a modal does: its button's label, what it does, and its state. */
interface ModalAction {
  label: string;
  onClick: () => void;
  loading: boolean;
  color?: string;
  disabled?: boolean;
  testId?: string;
}

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
  action: ModalAction;
  cancellable?: boolean;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={size}>
      <Stack>
        {children}
        <ModalActions
          onCancel={cancellable ? onClose : undefined}
          cancelLabel={cancelLabel}
          action={action}
        />
      </Stack>
    </Modal>
  );
}

/** The foot of a modal: Cancel (or `cancelLabel`; none without `onCancel`) and the action's button. */
export function ModalActions({
  onCancel,
  cancelLabel = 'Cancel',
  action,
}: {
  onCancel?: () => void;
  cancelLabel?: string;
  action: ModalAction;
}) {
  return (
    <Group justify="flex-end">
      {onCancel ? (
        <Button variant="default" onClick={onCancel}>
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
  );
}
