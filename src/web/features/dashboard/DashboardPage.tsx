import { Anchor, Badge, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { Dashboard } from '../../../contracts/dashboard';
import { api } from '../../app/api';
import { EmptyState } from '../../components/EmptyState';
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
      <Title order={4} mb="xs">
        Coming up
      </Title>
      {d.upcoming.length === 0 ? (
        <EmptyState title="Nothing due in the next 60 days">
          Renewals, expiring certificates, due assessments and overdue findings appear here.
        </EmptyState>
      ) : (
        <Paper withBorder>
          <Table data-testid="upcoming">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Vendor</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
            </Table.Tbody>
          </Table>
        </Paper>
      )}
    </>
  );
}
