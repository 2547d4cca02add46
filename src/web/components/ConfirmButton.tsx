import { Button, Group, type GroupProps } from '@mantine/core';
import { useState } from 'react';

/**
 * A red subtle button that asks once more in place: Keep, or the red `confirmLabel` that does it.
 * `group` lays out the two buttons of the second step.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  loading,
  onConfirm,
  group,
}: {
  label: string;
  confirmLabel: string;
  loading: boolean;
  onConfirm: () => void;
  group?: GroupProps;
}) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <Button size="xs" variant="subtle" color="red" onClick={() => setConfirming(true)}>
        {label}
      </Button>
    );
  }
  return (
    <Group {...group}>
      <Button size="xs" variant="default" onClick={() => setConfirming(false)}>
        Keep
      </Button>
      <Button size="xs" color="red" loading={loading} onClick={onConfirm}>
        {confirmLabel}
      </Button>
    </Group>
  );
}
