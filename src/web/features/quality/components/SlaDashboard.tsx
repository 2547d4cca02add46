import { BarChart, LineChart } from '@mantine/charts';
import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { formatMoney } from '../../../../contracts/money';
import type { SlaHistory } from '../../../../contracts/quality';
import { EmptyState } from '../../../components/EmptyState';
import { QueryState } from '../../../components/QueryState';
import { useSlaHistory } from '../api';

/** One row per KPI: the periods with its actual, target and the actual again where it was breached. */
function kpiSeries(history: SlaHistory) {
  const kpis = new Map<string, { name: string; unit: string }>();
  for (const p of history.periods) for (const k of p.kpis) kpis.set(k.kpiId, { name: k.name, unit: '' });
  return [...kpis.entries()].map(([kpiId, { name }]) => {
    const points = history.periods.map((p) => {
      const k = p.kpis.find((x) => x.kpiId === kpiId);
      return {
        period: p.period,
        actual: k?.actual ?? null,
        target: k?.target ?? null,
        breached: k && k.met === false ? k.actual : null,
        met: k?.met ?? 'no_data',
      };
    });
    return { kpiId, name, points };
  });
}

/** Share of KPIs met in each period that had data. */
function attainmentByPeriod(history: SlaHistory) {
  return history.periods.map((p) => {
    const judged = p.kpis.filter((k) => k.met !== 'no_data');
    const met = judged.filter((k) => k.met === true).length;
    return {
      period: p.period,
      attainment: judged.length ? Math.round((met / judged.length) * 1000) / 10 : null,
    };
  });
}

function KpiChart({ series }: { series: ReturnType<typeof kpiSeries>[number] }) {
  const breached = series.points.filter((p) => p.met === false).map((p) => p.period);
  const withData = series.points.some((p) => p.actual !== null);
  return (
    <Paper withBorder p="md" radius="md" data-testid="kpi-chart">
      <Group justify="space-between" mb="sm">
        <Text fw={600}>{series.name}</Text>
        {breached.length ? (
          <Badge color="red" variant="light">
            Breached: {breached.join(', ')}
          </Badge>
        ) : withData ? (
          <Badge color="teal" variant="light">
            Met in every period with data
          </Badge>
        ) : null}
      </Group>
      {withData ? (
        <LineChart
          h={220}
          data={series.points}
          dataKey="period"
          connectNulls={false}
          withLegend
          series={[
            { name: 'actual', label: 'Actual', color: 'indigo.6' },
            { name: 'target', label: 'Target', color: 'gray.6', strokeDasharray: '5 5' },
            { name: 'breached', label: 'Breached', color: 'red.6' },
          ]}
        />
      ) : (
        <Text c="dimmed" size="sm">
          No measurements in the last twelve months: add them below, by hand or from a CSV file.
        </Text>
      )}
    </Paper>
  );
}

/** The engagement's SLA picture: a chart per KPI, attainment by month and credits to date. */
export function SlaDashboard({ engagementId }: { engagementId: string }) {
  const history = useSlaHistory(engagementId);
  return (
    <QueryState query={history} what="SLA history" rows={6}>
      {(h) => {
        const series = kpiSeries(h);
        if (!series.length)
          return (
            <EmptyState title="No KPIs to chart" testId="sla-empty">
              The approved statement of work defines no KPIs. Add them with a change request, then send
              measurements.
            </EmptyState>
          );
        const credits = h.periods.reduce((n, p) => n + p.credit.amount, 0);
        const currency = h.periods[0]?.credit.currency ?? 'EUR';
        const attainment = attainmentByPeriod(h);
        return (
          <Stack gap="md">
            <SimpleGrid cols={{ base: 1, md: 3 }}>
              <Paper withBorder p="md" radius="md">
                <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                  Credits to date (12 months)
                </Text>
                <Title order={3} data-testid="credits-to-date">
                  {formatMoney(credits, currency)}
                </Title>
              </Paper>
              <Paper withBorder p="md" radius="md" style={{ gridColumn: 'span 2' }}>
                <Text size="xs" c="dimmed" tt="uppercase" fw={600} mb="xs">
                  SLA attainment by month (% of KPIs met)
                </Text>
                {attainment.some((a) => a.attainment !== null) ? (
                  <BarChart
                    h={140}
                    data={attainment}
                    dataKey="period"
                    yAxisProps={{ domain: [0, 100] }}
                    series={[{ name: 'attainment', label: 'Attainment %', color: 'teal.6' }]}
                  />
                ) : (
                  <Text c="dimmed" size="sm">
                    No month has measurements yet.
                  </Text>
                )}
              </Paper>
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {series.map((s) => (
                <KpiChart key={s.kpiId} series={s} />
              ))}
            </SimpleGrid>
          </Stack>
        );
      }}
    </QueryState>
  );
}
