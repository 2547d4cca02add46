import { Badge, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DiffEntry } from '../../../../contracts/engagements';
import { EmptyState } from '../../../components/EmptyState';
import { humanise } from '../../../components/format';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { type SowVersion, useSowDiff } from '../api';

const KIND_COLORS: Record<DiffEntry['kind'], string> = { added: 'green', removed: 'red', changed: 'yellow' };

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(show).join('; ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  // An enum value (`at_least`) reads as words ("At least").
  if (typeof value === 'string' && /^[a-z]+(_[a-z0-9]+)+$/.test(value)) return humanise(value);
  return String(value);
}

function Entry({ entry }: { entry: DiffEntry }) {
  const color = KIND_COLORS[entry.kind];
  return (
    <Paper
      p="xs"
      radius="sm"
      bg={`var(--mantine-color-${color}-0)`}
      style={{ borderLeft: `3px solid var(--mantine-color-${color}-6)` }}
      data-testid={`diff-${entry.kind}`}
    >
      <Group gap="xs" wrap="nowrap" align="flex-start">
        <Badge size="xs" color={color} miw={64}>
          {humanise(entry.kind)}
        </Badge>
        <Stack gap={2}>
          <Text size="sm" td={entry.kind === 'removed' ? 'line-through' : undefined}>
            {entry.label}
          </Text>
          {entry.fields?.map((f) => (
            <Text size="xs" key={f.field}>
              <Text span fw={600}>
                {humanise(f.field)}
              </Text>
              :{' '}
              <Text span c="red.8" td="line-through">
                {show(f.before)}
              </Text>{' '}
              →{' '}
              <Text span c="green.8">
                {show(f.after)}
              </Text>
            </Text>
          ))}
        </Stack>
      </Group>
    </Paper>
  );
}

/** Pick two versions and see what was added, removed and changed, section by section. */
export function SowDiffView({ engagementId, versions }: { engagementId: string; versions: SowVersion[] }) {
  const numbers = versions.map((v) => v.version).sort((a, b) => a - b);
  const [from, setFrom] = useState<number | null>(numbers.at(-2) ?? null);
  const [to, setTo] = useState<number | null>(numbers.at(-1) ?? null);
  const diff = useSowDiff(engagementId, from, to);
  const data = numbers.map((n) => ({ value: String(n), label: `Version ${n}` }));
  const sections = new Map<string, DiffEntry[]>();
  for (const c of diff.data?.changes ?? []) sections.set(c.section, [...(sections.get(c.section) ?? []), c]);

  return (
    <Paper withBorder p="md" data-testid="sow-diff">
      <Group justify="space-between" mb="sm">
        <Title order={5}>Compare versions</Title>
        <Group gap="xs">
          <Select
            aria-label="Compare from"
            data={data}
            value={from === null ? null : String(from)}
            onChange={(v) => setFrom(v ? Number(v) : null)}
            allowDeselect={false}
            w={140}
          />
          <Text size="sm">→</Text>
          <Select
            aria-label="Compare to"
            data={data}
            value={to === null ? null : String(to)}
            onChange={(v) => setTo(v ? Number(v) : null)}
            allowDeselect={false}
            w={140}
          />
        </Group>
      </Group>
      {from === to ? (
        <Text size="sm" c="dimmed">
          Choose two different versions.
        </Text>
      ) : diff.isPending ? (
        <LoadingBlock rows={3} />
      ) : diff.error ? (
        <LoadError error={diff.error} onRetry={() => diff.refetch()} />
      ) : sections.size === 0 ? (
        <EmptyState title="No differences">These two versions say the same thing.</EmptyState>
      ) : (
        <Stack gap="md">
          {[...sections].map(([section, entries]) => (
            <div key={section}>
              <Text size="sm" fw={600} mb={4}>
                {humanise(section)}
              </Text>
              <Stack gap={4}>
                {entries.map((e) => (
                  <Entry key={`${e.kind}:${e.key}`} entry={e} />
                ))}
              </Stack>
            </div>
          ))}
        </Stack>
      )}
    </Paper>
  );
}
