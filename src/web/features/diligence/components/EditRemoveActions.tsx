import { Button, Group } from '@mantine/core';

/** The Edit and Remove buttons at the end of a diligence table row. */
export function EditRemoveActions({ onEdit, onRemove }: { onEdit: () => void; onRemove: () => void }) {
  return (
    <Group gap={4} justify="flex-end" wrap="nowrap">
      <Button size="compact-sm" variant="subtle" onClick={onEdit}>
        Edit
      </Button>
      <Button size="compact-sm" variant="subtle" color="red" onClick={onRemove}>
        Remove
      </Button>
    </Group>
  );
}
