import { ActionIcon, Button, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { PlusIcon } from '../../../components/icons';
import { type Deliverable, type Milestone, newDeliverable, newMilestone } from '../sow-document';
import { FindingsAt } from './findings';
import { MoneyInput } from './MoneyInput';

/** Replace item `i` of a list with `item`. */
export function replaceAt<T>(list: T[], i: number, item: T): T[] {
  return list.map((v, j) => (j === i ? item : v));
}
export function removeAt<T>(list: T[], i: number): T[] {
  return list.filter((_, j) => j !== i);
}

/** A small "×" that removes one item. */
export function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <ActionIcon variant="subtle" color="gray" aria-label={label} title={label} onClick={onClick}>
      <svg
        width="14"
        height="14"
        viewBox="0 0 24 24"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <path d="M6 6l12 12M18 6 6 18" strokeLinecap="round" />
      </svg>
    </ActionIcon>
  );
}

export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button
      variant="subtle"
      size="xs"
      leftSection={<PlusIcon />}
      onClick={onClick}
      style={{ alignSelf: 'flex-start' }}
    >
      {label}
    </Button>
  );
}

/** A list of text lines with add and remove; each line shows the findings that point at it. */
export function LinesEditor({
  path,
  lines,
  onChange,
  itemLabel,
  placeholder,
}: {
  path: string;
  lines: string[];
  onChange: (lines: string[]) => void;
  itemLabel: string;
  placeholder?: string;
}) {
  return (
    <Stack gap={6}>
      {lines.map((line, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: lines are plain text without identity
        <div key={i}>
          <Group gap={6} wrap="nowrap">
            <TextInput
              aria-label={`${itemLabel} ${i + 1}`}
              placeholder={placeholder}
              value={line}
              onChange={(e) => onChange(replaceAt(lines, i, e.currentTarget.value))}
              style={{ flex: 1 }}
            />
            <RemoveButton
              label={`Remove ${itemLabel.toLowerCase()} ${i + 1}`}
              onClick={() => onChange(removeAt(lines, i))}
            />
          </Group>
          <FindingsAt path={`${path}[${i}]`} />
        </div>
      ))}
      <AddButton label={`Add ${itemLabel.toLowerCase()}`} onClick={() => onChange([...lines, ''])} />
      <FindingsAt path={path} />
    </Stack>
  );
}

const dateValue = (v: string | null) => v ?? '';
const dateOrNull = (v: string) => (v ? v : null);

export function DeliverablesEditor({
  items,
  onChange,
}: {
  items: Deliverable[];
  onChange: (items: Deliverable[]) => void;
}) {
  const set = (i: number, patch: Partial<Deliverable>) =>
    onChange(replaceAt(items, i, { ...items[i]!, ...patch }));
  return (
    <Stack gap="sm">
      {items.map((d, i) => {
        const at = `deliverables[${i}]`;
        return (
          <Card withBorder key={d.id ?? `new-${i}`} padding="sm" data-testid={`deliverable-${i}`}>
            <Group justify="space-between" mb={6}>
              <Text size="sm" fw={600}>
                Deliverable {i + 1}
              </Text>
              <RemoveButton
                label={`Remove deliverable ${i + 1}`}
                onClick={() => onChange(removeAt(items, i))}
              />
            </Group>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <div>
                  <TextInput
                    label="Title"
                    value={d.title}
                    onChange={(e) => set(i, { title: e.currentTarget.value })}
                  />
                  <FindingsAt path={`${at}.title`} />
                </div>
                <div>
                  <TextInput
                    label="Due date"
                    type="date"
                    value={dateValue(d.dueDate)}
                    onChange={(e) => set(i, { dueDate: dateOrNull(e.currentTarget.value) })}
                  />
                  <FindingsAt path={`${at}.dueDate`} />
                </div>
              </SimpleGrid>
              <div>
                <Textarea
                  label="Description"
                  autosize
                  minRows={1}
                  value={d.description}
                  onChange={(e) => set(i, { description: e.currentTarget.value })}
                />
                <FindingsAt path={`${at}.description`} />
              </div>
              <div data-testid={`deliverable-${i}-criteria`}>
                <Text size="sm" fw={500} mb={4}>
                  Acceptance criteria
                </Text>
                <LinesEditor
                  path={`${at}.acceptanceCriteria`}
                  lines={d.acceptanceCriteria}
                  onChange={(acceptanceCriteria) => set(i, { acceptanceCriteria })}
                  itemLabel="Acceptance criterion"
                  placeholder="How the client judges it done"
                />
              </div>
            </Stack>
          </Card>
        );
      })}
      <AddButton label="Add deliverable" onClick={() => onChange([...items, newDeliverable()])} />
      <FindingsAt path="deliverables" />
    </Stack>
  );
}

export function MilestonesEditor({
  items,
  onChange,
  currency,
}: {
  items: Milestone[];
  onChange: (items: Milestone[]) => void;
  currency: string;
}) {
  const set = (i: number, patch: Partial<Milestone>) =>
    onChange(replaceAt(items, i, { ...items[i]!, ...patch }));
  return (
    <Stack gap="sm">
      {items.map((m, i) => {
        const at = `milestones[${i}]`;
        return (
          <div key={m.id ?? `new-${i}`} data-testid={`milestone-${i}`}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label={i === 0 ? 'Title' : undefined}
                aria-label={`Milestone ${i + 1} title`}
                value={m.title}
                onChange={(e) => set(i, { title: e.currentTarget.value })}
                style={{ flex: 2 }}
              />
              <TextInput
                label={i === 0 ? 'Due date' : undefined}
                aria-label={`Milestone ${i + 1} due date`}
                type="date"
                value={dateValue(m.dueDate)}
                onChange={(e) => set(i, { dueDate: dateOrNull(e.currentTarget.value) })}
                style={{ flex: 1 }}
              />
              <MoneyInput
                label={i === 0 ? 'Payment' : undefined}
                aria-label={`Milestone ${i + 1} payment`}
                currency={currency}
                value={m.paymentAmount}
                onChange={(paymentAmount) => set(i, { paymentAmount })}
                style={{ flex: 1 }}
              />
              <RemoveButton
                label={`Remove milestone ${i + 1}`}
                onClick={() => onChange(removeAt(items, i))}
              />
            </Group>
            <FindingsAt path={`${at}.title`} />
            <FindingsAt path={`${at}.dueDate`} />
          </div>
        );
      })}
      <AddButton label="Add milestone" onClick={() => onChange([...items, newMilestone()])} />
      <FindingsAt path="milestones" />
    </Stack>
  );
}
