import { Button, Group, Paper, Text, Title } from '@mantine/core';
import { type ReactNode, useState } from 'react';
import { EmptyState } from './EmptyState';
import { PlusIcon } from './icons';
import { QueryState } from './QueryState';

/** The Edit and Remove buttons at the end of a table row. */
function EditRemoveActions({ onEdit, onRemove }: { onEdit: () => void; onRemove: () => void }) {
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

/**
 * A card that lists things and edits them in a modal: a title, an Add button for those who may
 * edit, the list (or what it would hold when empty), and the editor, opened with nothing (add) or
 * with one item (edit).
 */
export function ListCard<T>({
  testId,
  title,
  subtitle,
  addLabel,
  editable,
  query,
  what,
  empty,
  children,
  editor,
  onRemove,
}: {
  testId: string;
  title: string;
  subtitle?: string;
  addLabel: string;
  editable: boolean;
  query: { data: { items: T[] } | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what: string;
  empty: { title: string; text: ReactNode };
  /** What removes one item (from the Remove button of its row). */
  onRemove: (item: T) => void;
  /** The list; `actions(item)` is the Edit and Remove buttons of a row (nothing unless editable). */
  children: (items: T[], actions: (item: T) => ReactNode) => ReactNode;
  /** The modal: `item` is null to add one. */
  editor: (item: T | null, close: () => void) => ReactNode;
}) {
  const [editing, setEditing] = useState<T | null | undefined>(undefined);
  const actions = (item: T) =>
    editable ? <EditRemoveActions onEdit={() => setEditing(item)} onRemove={() => onRemove(item)} /> : null;
  return (
    <Paper withBorder p="lg" data-testid={testId}>
      <Group justify="space-between" mb="md">
        {subtitle ? (
          <div>
            <Title order={4}>{title}</Title>
            <Text size="xs" c="dimmed">
              {subtitle}
            </Text>
          </div>
        ) : (
          <Title order={4}>{title}</Title>
        )}
        {editable ? (
          <Button leftSection={<PlusIcon />} variant="light" onClick={() => setEditing(null)}>
            {addLabel}
          </Button>
        ) : null}
      </Group>
      <QueryState query={query} what={what}>
        {({ items }) =>
          items.length === 0 ? (
            <EmptyState title={empty.title}>{empty.text}</EmptyState>
          ) : (
            children(items, actions)
          )
        }
      </QueryState>
      {editing !== undefined ? editor(editing, () => setEditing(undefined)) : null}
    </Paper>
  );
}
