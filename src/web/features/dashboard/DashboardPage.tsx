import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Dashboard } from '../../../contracts/dashboard';
import { compactMoney, formatMoney } from '../../../contracts/money';
import { api } from '../../app/api';
import { EmptyState } from '../../components/EmptyState';
import { DataTable } from '../../components/ListPage';
import { useVendorOptions } from '../../components/options';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, LoadingBlock } from '../../components/QueryState';

const KIND_LABELS: Record<Dashboard['upcoming'][number]['kind'], string> = {
  renewal: 'Renewal',
  certificate: 'Certificate',
  assessment: 'Assessment',
  finding: 'Finding',
};

function Counts({
  title,
  items,
  label,
}: {
  title: string;
  items: Dashboard['vendors']['byStatus'];
  label?: (k: string) => string;
}) {
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="xs">
        {title}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          None yet.
        </Text>
      ) : (
        <Stack gap={4}>
          {items.map((c) => (
            <Group key={c.key} justify="space-between">
              <Text size="sm">{label ? label(c.key) : c.key.replace(/_/g, ' ')}</Text>
              <Anchor component={Link} to={c.href} size="sm" fw={600}>
                {c.count}
              </Anchor>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

type SpendView = 'total' | keyof Dashboard['spend']['over'];
const SPEND_VIEWS: Array<{ value: SpendView; label: string }> = [
  { value: 'total', label: 'Total' },
  { value: 'function', label: 'By function' },
  { value: 'country', label: 'By country' },
  { value: 'vendor', label: 'By vendor' },
];

function SpendByMonth({ spend }: { spend: Dashboard['spend'] }) {
  const [view, setView] = useState<SpendView>('total');
  const max = Math.max(1, ...spend.months.map((m) => Math.max(m.net, m.budget)));
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Outsourced spend by month ({spend.currency})</Title>
        <Anchor component={Link} to={spend.href} size="sm">
          All spend
        </Anchor>
      </Group>
      {!spend.missingRates && (
        <SegmentedControl
          size="xs"
          mb="xs"
          data={SPEND_VIEWS}
          value={view}
          onChange={(v) => setView(v as SpendView)}
          aria-label="Spend over time by"
        />
      )}
      {spend.missingRates ? (
        <Text size="sm" c="red" data-testid="spend-missing">
          Not shown: {spend.missingRates}
        </Text>
      ) : view !== 'total' ? (
        <SpendOverTime spend={spend} view={view} />
      ) : (
        <Table data-testid="spend-by-month">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Month</Table.Th>
              <Table.Th ta="right">Net spend</Table.Th>
              <Table.Th ta="right">Budget</Table.Th>
              <Table.Th w="40%" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {spend.months.map((m) => (
              <Table.Tr key={m.month}>
                <Table.Td>{m.month}</Table.Td>
                <Table.Td ta="right">
                  <Anchor component={Link} to={m.href} size="sm">
                    {formatMoney(m.net, spend.currency)}
                  </Anchor>
                </Table.Td>
                <Table.Td ta="right">{formatMoney(m.budget, spend.currency)}</Table.Td>
                <Table.Td>
                  <div
                    aria-hidden
                    style={{
                      height: 8,
                      background: 'var(--mantine-color-blue-5)',
                      width: `${(m.net / max) * 100}%`,
                    }}
                  />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

/** Net spend per function, country or vendor (rows) and month (columns), each row linked to the Spend page. */
function SpendOverTime({
  spend,
  view,
}: {
  spend: Dashboard['spend'];
  view: keyof Dashboard['spend']['over'];
}) {
  const { rows, others } = spend.over[view];
  if (!rows.length) return <Text size="sm">No spend in these months.</Text>;
  // Whole units, compact (12.3K), for a table of twelve months.
  const money = (n: number) => compactMoney(n, spend.currency, 'en', false);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table data-testid={`spend-over-${view}`} fz="xs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{SPEND_VIEWS.find((v) => v.value === view)!.label.replace('By ', '')}</Table.Th>
            {spend.months.map((m) => (
              <Table.Th key={m.month} ta="right" title={m.month}>
                {m.month.slice(2)}
              </Table.Th>
            ))}
            <Table.Th ta="right">Total</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>
                <Anchor component={Link} to={r.href} size="xs">
                  {r.label}
                </Anchor>
              </Table.Td>
              {r.months.map((n, k) => (
                <Table.Td key={spend.months[k]!.month} ta="right" title={formatMoney(n, spend.currency)}>
                  {n ? money(n) : '–'}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={600} title={formatMoney(r.net, spend.currency)}>
                {money(r.net)}
              </Table.Td>
            </Table.Tr>
          ))}
          {others && (
            <Table.Tr>
              <Table.Td>
                {others.count} other vendor{others.count === 1 ? '' : 's'}
              </Table.Td>
              {others.months.map((n, k) => (
                <Table.Td key={spend.months[k]!.month} ta="right" title={formatMoney(n, spend.currency)}>
                  {n ? money(n) : '–'}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={600}>
                {money(others.net)}
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function SavingsPlanVsActual({ savings }: { savings: Dashboard['savings'] }) {
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Savings: plan vs actual to date</Title>
        <Anchor component={Link} to={savings.href} size="sm">
          Business cases
        </Anchor>
      </Group>
      {savings.engagements.length === 0 ? (
        <Text size="sm" c="dimmed">
          No engagement is linked to a business case yet.
        </Text>
      ) : (
        <DataTable
          testId="savings"
          columns={[
            'Engagement',
            { label: 'Planned', ta: 'right' },
            { label: 'Realised', ta: 'right' },
            { label: 'Variance', ta: 'right' },
          ]}
        >
          {savings.engagements.map((e) => (
            <Table.Tr key={e.engagementId}>
              <Table.Td>
                <Anchor component={Link} to={e.href} size="sm">
                  {e.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {e.businessCaseName}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{formatMoney(e.plannedToDate, e.currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(e.realised, e.currency)}</Table.Td>
              <Table.Td ta="right" c={e.variance < 0 ? 'red' : undefined}>
                {formatMoney(e.variance, e.currency)}
              </Table.Td>
            </Table.Tr>
          ))}
          {savings.totals.map((t) => (
            <Table.Tr key={t.currency} fw={600}>
              <Table.Td>Total ({t.currency})</Table.Td>
              <Table.Td ta="right">{formatMoney(t.plannedToDate, t.currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(t.realised, t.currency)}</Table.Td>
              <Table.Td ta="right">{formatMoney(t.variance, t.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
      {savings.notes.map((n) => (
        <Text key={n} size="xs" c="red">
          {n}
        </Text>
      ))}
    </Paper>
  );
}

/** The quarters to offer: the current one and the seven before it. */
function recentQuarters(today: string): string[] {
  let y = Number(today.slice(0, 4));
  let q = Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1;
  const out: string[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

function Reports({ today }: { today: string }) {
  const quarters = recentQuarters(today);
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [quarter, setQuarter] = useState<string | null>(quarters[1] ?? null);
  const vendors = useVendorOptions();
  const qbr =
    vendorId && quarter
      ? `/api/v1/reports/qbr?vendorId=${encodeURIComponent(vendorId)}&quarter=${encodeURIComponent(quarter)}`
      : undefined;
  return (
    <Paper withBorder p="md" mb="md" data-testid="reports">
      <Title order={5} mb="xs">
        Reports
      </Title>
      <Group align="end">
        <Select
          label="Vendor"
          placeholder="Pick a vendor"
          searchable
          data={vendors.data ?? []}
          value={vendorId}
          onChange={setVendorId}
          w={260}
        />
        <Select label="Quarter" data={quarters} value={quarter} onChange={setQuarter} w={140} />
        <Button component="a" href={qbr} download disabled={!qbr} aria-disabled={!qbr} variant="default">
          Quarterly business review (PDF)
        </Button>
        <Button component="a" href="/api/v1/reports/portfolio?format=pdf" download variant="default">
          Portfolio summary (PDF)
        </Button>
        <Button component="a" href="/api/v1/reports/portfolio?format=csv&bom=1" download variant="default">
          Portfolio summary (CSV)
        </Button>
      </Group>
    </Paper>
  );
}

/** The portfolio at a glance: every figure links to the records behind it. */
export function DashboardPage() {
  const q = useQuery({ queryKey: ['dashboard'], queryFn: () => api.get<Dashboard>('/dashboard') });
  if (q.isPending) return <LoadingBlock />;
  if (q.error) return <LoadError error={q.error} onRetry={() => q.refetch()} />;
  const d = q.data;
  const open = d.risks.total;
  const high = d.risks.inherent
    .flatMap((row, l) => row.filter((_, i) => (l + 1) * (i + 1) >= 15))
    .reduce((s, n) => s + n, 0);
  return (
    <>
      <PageHeader title="Dashboard" description={`The outsourcing portfolio on ${d.today}.`} />
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} mb="md">
        <Counts title={`Vendors (${d.vendors.total})`} items={d.vendors.byStatus} />
        <Counts title="By risk tier" items={d.vendors.byTier} label={(k) => `Tier ${k}`} />
        <Counts title="By country" items={d.vendors.byCountry} label={(k) => k} />
        <Paper withBorder p="md">
          <Title order={5} mb="xs">
            SLA and risks
          </Title>
          <Stack gap={4}>
            <Group justify="space-between">
              <Text size="sm">
                SLA attainment ({d.sla.months[0]} – {d.sla.months[d.sla.months.length - 1]})
              </Text>
              <Anchor component={Link} to={d.sla.href} size="sm" fw={600} data-testid="sla-attainment">
                {d.sla.attainment === null ? '—' : `${Math.round(d.sla.attainment * 100)}%`}
              </Anchor>
            </Group>
            <Group justify="space-between">
              <Text size="sm">Risks not closed</Text>
              <Anchor component={Link} to={d.risks.href} size="sm" fw={600}>
                {open}
              </Anchor>
            </Group>
            <Group justify="space-between">
              <Text size="sm">Scored 15 or more</Text>
              <Anchor component={Link} to={d.risks.href} size="sm" fw={600} c={high ? 'red' : undefined}>
                {high}
              </Anchor>
            </Group>
          </Stack>
        </Paper>
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, lg: 2 }} mb="md">
        <SpendByMonth spend={d.spend} />
        <SavingsPlanVsActual savings={d.savings} />
      </SimpleGrid>
      <Reports today={d.today} />
      <Title order={4} mb="xs">
        Coming up
      </Title>
      {d.upcoming.length === 0 ? (
        <EmptyState title="Nothing due in the next 60 days">
          Renewals, expiring certificates, due assessments and overdue findings appear here.
        </EmptyState>
      ) : (
        <Paper withBorder>
          <DataTable testId="upcoming" columns={['Date', 'What', 'Vendor']}>
            {d.upcoming.map((u) => (
              <Table.Tr key={`${u.kind}-${u.href}-${u.date}-${u.title}`}>
                <Table.Td>
                  <Group gap={6}>
                    {u.date}
                    {u.overdue ? (
                      <Badge color="red" size="sm">
                        Overdue
                      </Badge>
                    ) : null}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={6}>
                    <Badge variant="light" size="sm">
                      {KIND_LABELS[u.kind]}
                    </Badge>
                    <Anchor component={Link} to={u.href}>
                      {u.title}
                    </Anchor>
                  </Group>
                </Table.Td>
                <Table.Td>{u.vendorName ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        </Paper>
      )}
    </>
  );
}
