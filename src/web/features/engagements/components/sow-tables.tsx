import {
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { CADENCES, KPI_AGGREGATIONS, KPI_PERIODS } from '../../../../contracts/engagements';
import { humanise, humanOptions } from '../../../components/format';
import { type Forum, type Kpi, newForum, newKpi, newRaciRow, type RaciRow } from '../sow-document';
import { FindingsAt } from './findings';
import { AddButton, RemoveButton, removeAt, replaceAt } from './sow-sections';

const numberOrNull = (v: string | number) => (typeof v === 'number' ? v : v.trim() === '' ? null : Number(v));

export function KpisEditor({ items, onChange }: { items: Kpi[]; onChange: (items: Kpi[]) => void }) {
  const set = (i: number, patch: Partial<Kpi>) => onChange(replaceAt(items, i, { ...items[i]!, ...patch }));
  return (
    <Stack gap="sm">
      {items.map((k, i) => {
        const at = `kpis[${i}]`;
        return (
          <Card withBorder key={k.id ?? `new-${i}`} padding="sm" data-testid={`kpi-${i}`}>
            <Group justify="space-between" mb={6}>
              <Text size="sm" fw={600}>
                KPI {i + 1}
              </Text>
              <RemoveButton label={`Remove KPI ${i + 1}`} onClick={() => onChange(removeAt(items, i))} />
            </Group>
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
              <div style={{ gridColumn: 'span 2' }}>
                <TextInput
                  label="Name"
                  value={k.name}
                  onChange={(e) => set(i, { name: e.currentTarget.value })}
                />
                <FindingsAt path={`${at}.name`} />
              </div>
              <div>
                <TextInput
                  label="Unit"
                  placeholder="%, seconds, tickets"
                  value={k.unit ?? ''}
                  onChange={(e) => set(i, { unit: e.currentTarget.value || null })}
                />
                <FindingsAt path={`${at}.unit`} />
              </div>
              <Select
                label="Aggregation"
                data={humanOptions(KPI_AGGREGATIONS)}
                value={k.aggregation}
                allowDeselect={false}
                onChange={(v) =>
                  v &&
                  set(i, { aggregation: v as Kpi['aggregation'], p: v === 'percentile' ? (k.p ?? 95) : null })
                }
              />
              {k.aggregation === 'percentile' ? (
                <div>
                  <NumberInput
                    label="Percentile (p)"
                    min={1}
                    max={99}
                    value={k.p ?? ''}
                    onChange={(v) => set(i, { p: numberOrNull(v) })}
                  />
                  <FindingsAt path={`${at}.p`} />
                </div>
              ) : null}
              <Select
                label="Direction"
                data={[
                  { value: 'at_least', label: 'At least' },
                  { value: 'at_most', label: 'At most' },
                ]}
                value={k.direction}
                allowDeselect={false}
                onChange={(v) => v && set(i, { direction: v as Kpi['direction'] })}
              />
              <div>
                <NumberInput
                  label="Target"
                  value={k.target ?? ''}
                  onChange={(v) => set(i, { target: numberOrNull(v) })}
                />
                <FindingsAt path={`${at}.target`} />
              </div>
              <div>
                <Select
                  label="Period"
                  data={humanOptions(KPI_PERIODS)}
                  value={k.period}
                  clearable
                  onChange={(v) => set(i, { period: (v as Kpi['period']) ?? null })}
                />
                <FindingsAt path={`${at}.period`} />
              </div>
              <NumberInput
                label="Credit %"
                description="of the monthly fee"
                min={0}
                max={100}
                value={k.creditPct}
                onChange={(v) => set(i, { creditPct: numberOrNull(v) ?? 0 })}
              />
              <NumberInput
                label="Weight"
                min={0}
                max={100}
                value={k.weight}
                onChange={(v) => set(i, { weight: numberOrNull(v) ?? 0 })}
              />
            </SimpleGrid>
          </Card>
        );
      })}
      <AddButton label="Add KPI" onClick={() => onChange([...items, newKpi()])} />
      <FindingsAt path="kpis" />
    </Stack>
  );
}

const RACI_ROLES = ['responsible', 'accountable', 'consulted', 'informed'] as const;

export function RaciEditor({ items, onChange }: { items: RaciRow[]; onChange: (items: RaciRow[]) => void }) {
  const set = (i: number, patch: Partial<RaciRow>) =>
    onChange(replaceAt(items, i, { ...items[i]!, ...patch }));
  return (
    <Stack gap="sm">
      {items.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: RACI rows have no id
        <Card withBorder key={i} padding="sm" data-testid={`raci-${i}`}>
          <Group gap="xs" align="flex-end" wrap="nowrap" mb="xs">
            <TextInput
              label="Activity"
              value={r.activity}
              onChange={(e) => set(i, { activity: e.currentTarget.value })}
              style={{ flex: 1 }}
            />
            <RemoveButton label={`Remove RACI row ${i + 1}`} onClick={() => onChange(removeAt(items, i))} />
          </Group>
          <FindingsAt path={`raci[${i}].activity`} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {RACI_ROLES.map((role) => (
              <div key={role}>
                <TagsInput
                  label={humanise(role)}
                  placeholder="Role, then Enter"
                  value={r[role]}
                  onChange={(v) => set(i, { [role]: v })}
                />
                <FindingsAt path={`raci[${i}].${role}`} />
              </div>
            ))}
          </SimpleGrid>
        </Card>
      ))}
      <AddButton label="Add RACI row" onClick={() => onChange([...items, newRaciRow()])} />
    </Stack>
  );
}

export function ForumsEditor({ items, onChange }: { items: Forum[]; onChange: (items: Forum[]) => void }) {
  const set = (i: number, patch: Partial<Forum>) => onChange(replaceAt(items, i, { ...items[i]!, ...patch }));
  return (
    <Stack gap="sm">
      {items.map((f, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: forums have no id
        <Group key={i} gap="xs" align="flex-end" wrap="nowrap" data-testid={`forum-${i}`}>
          <TextInput
            label={i === 0 ? 'Forum' : undefined}
            aria-label={`Forum ${i + 1} name`}
            value={f.name}
            onChange={(e) => set(i, { name: e.currentTarget.value })}
            style={{ flex: 2 }}
          />
          <Select
            label={i === 0 ? 'Cadence' : undefined}
            aria-label={`Forum ${i + 1} cadence`}
            data={humanOptions(CADENCES)}
            value={f.cadence}
            allowDeselect={false}
            onChange={(v) => v && set(i, { cadence: v as Forum['cadence'] })}
            style={{ flex: 1 }}
          />
          <TagsInput
            label={i === 0 ? 'Attendees' : undefined}
            aria-label={`Forum ${i + 1} attendees`}
            placeholder="Role, then Enter"
            value={f.attendees}
            onChange={(attendees) => set(i, { attendees })}
            style={{ flex: 3 }}
          />
          <RemoveButton label={`Remove forum ${i + 1}`} onClick={() => onChange(removeAt(items, i))} />
        </Group>
      ))}
      <AddButton label="Add forum" onClick={() => onChange([...items, newForum()])} />
    </Stack>
  );
}
