import { BarChart, LineChart } from '@mantine/charts';
import {
  Alert,
  Badge,
  Group,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  type BusinessCase,
  type BusinessCaseAnalysis,
  DRIVER_LABELS,
  summarise,
} from '../../../../contracts/business-cases';
import { compactMoney, formatMoney, toMajor, toMinor } from '../../../../contracts/money';

const COLOURS = [
  'indigo.6',
  'teal.6',
  'orange.6',
  'grape.6',
  'red.6',
  'cyan.6',
  'pink.6',
  'lime.7',
  'violet.6',
  'gray.6',
];

/** Amounts in the case currency, formatted for the reader's locale. */
function formatters(currency: string) {
  return {
    full: (minor: number) => formatMoney(minor, currency, navigator.language),
    compact: (minor: number) => compactMoney(minor, currency, navigator.language),
    /** Charts plot major units; their axis labels are compact. */
    axis: (major: number) => compactMoney(toMinor(major, currency), currency, navigator.language),
    major: (minor: number) => toMajor(minor, currency),
  };
}

/** The answer of the model: summary, key figures, charts, tornado and risk range. */
export function Analysis({ c, a }: { c: BusinessCase; a: BusinessCaseAnalysis }) {
  const fmt = formatters(c.currency);
  const name = (id: string) => c.options.find((o) => o.id === id)?.name ?? id;
  const [tornadoFor, setTornadoFor] = useState<string | null>(a.best ?? a.options[0]?.optionId ?? null);
  if (a.options.length === 0) {
    return (
      <Alert color="gray" title="Nothing to compare yet" data-testid="analysis-empty">
        Add an outsourced option under Inputs to see what it costs against staying in-house.
      </Alert>
    );
  }
  const cumulative = [
    { year: 'Start', 'In-house': 0, ...Object.fromEntries(c.options.map((o) => [o.name, 0])) },
  ];
  for (const y of a.years) {
    const prev = cumulative.at(-1)! as Record<string, number | string>;
    const row: Record<string, number | string> = {
      year: `Y${y.year}`,
      'In-house': (prev['In-house'] as number) + fmt.major(y.inHouse),
    };
    y.options.forEach((o, i) => {
      const key = c.options[i]!.name;
      row[key] = (prev[key] as number) + fmt.major(o.cost);
    });
    cumulative.push(row as (typeof cumulative)[number]);
  }
  const savings = a.years.map((y) => ({
    year: `Y${y.year}`,
    ...Object.fromEntries(y.options.map((o, i) => [c.options[i]!.name, fmt.major(o.savings)])),
  }));
  const selected = a.options.find((o) => o.optionId === tornadoFor) ?? a.options[0]!;
  const tornado = selected.sensitivity.map((s) => ({
    driver: DRIVER_LABELS[s.driver],
    '−20%': fmt.major(s.npvLow - selected.npv),
    '+20%': fmt.major(s.npvHigh - selected.npv),
  }));
  const series = c.options.map((o, i) => ({ name: o.name, color: COLOURS[i % COLOURS.length]! }));

  return (
    <Stack gap="lg" data-testid="analysis">
      <Alert color={a.best ? 'teal' : 'orange'} variant="light" title="In short">
        <Text size="md" data-testid="summary">
          {summarise(c, a, navigator.language)}
        </Text>
      </Alert>

      <Paper withBorder p="lg">
        <Title order={4} mb="sm">
          Key figures over {c.horizonYears} years
        </Title>
        <Table.ScrollContainer minWidth={640}>
          <Table data-testid="key-figures">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Option</Table.Th>
                <Table.Th ta="right">Total cost</Table.Th>
                <Table.Th ta="right">Savings</Table.Th>
                <Table.Th ta="right">NPV at {c.discountRatePct}%</Table.Th>
                <Table.Th ta="right">Payback</Table.Th>
                <Table.Th ta="right">NPV P10 / P50 / P90</Table.Th>
                <Table.Th ta="right">Chance of a loss</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {a.options.map((o) => (
                <Table.Tr key={o.optionId}>
                  <Table.Td>
                    <Group gap={6}>
                      {name(o.optionId)}
                      {a.best === o.optionId ? (
                        <Badge size="xs" color="teal">
                          best
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td ta="right">{fmt.full(o.totalCost)}</Table.Td>
                  <Table.Td ta="right" c={o.totalSavings < 0 ? 'red' : undefined}>
                    {fmt.full(o.totalSavings)} ({o.savingsPct}%)
                  </Table.Td>
                  <Table.Td ta="right">{fmt.full(o.npv)}</Table.Td>
                  <Table.Td ta="right">
                    {o.paybackMonths === null ? 'not within horizon' : `month ${o.paybackMonths}`}
                  </Table.Td>
                  <Table.Td ta="right" data-testid="risk-range">
                    {fmt.compact(o.risk.p10)} / {fmt.compact(o.risk.p50)} / {fmt.compact(o.risk.p90)}
                  </Table.Td>
                  <Table.Td ta="right">{(o.risk.probabilityOfLoss * 100).toFixed(1)}%</Table.Td>
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Td c="dimmed">Staying in-house</Table.Td>
                <Table.Td ta="right" c="dimmed">
                  {fmt.full(a.options[0]!.totalInHouse)}
                </Table.Td>
                <Table.Td colSpan={5} />
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Paper withBorder p="lg" data-testid="chart-cumulative">
          <Title order={5} mb="sm">
            Cumulative cost against staying in-house
          </Title>
          <LineChart
            h={260}
            data={cumulative}
            dataKey="year"
            series={[{ name: 'In-house', color: 'dark.4', strokeDasharray: '5 5' }, ...series]}
            valueFormatter={fmt.axis}
            withLegend
            curveType="linear"
          />
        </Paper>
        <Paper withBorder p="lg" data-testid="chart-savings">
          <Title order={5} mb="sm">
            Savings by year
          </Title>
          <BarChart
            h={260}
            data={savings}
            dataKey="year"
            series={series}
            valueFormatter={fmt.axis}
            withLegend
          />
        </Paper>
      </SimpleGrid>

      <Paper withBorder p="lg" data-testid="chart-tornado">
        <Group justify="space-between" mb="sm">
          <div>
            <Title order={5}>What moves the NPV most</Title>
            <Text size="xs" c="dimmed">
              Change of the NPV ({fmt.compact(selected.npv)}) with each driver 20% lower or higher, largest
              swing first.
            </Text>
          </div>
          {a.options.length > 1 ? (
            <SegmentedControl
              size="xs"
              value={selected.optionId}
              onChange={setTornadoFor}
              data={a.options.map((o) => ({ value: o.optionId, label: name(o.optionId) }))}
            />
          ) : null}
        </Group>
        <BarChart
          h={Math.max(160, tornado.length * 34)}
          data={tornado}
          dataKey="driver"
          orientation="vertical"
          type="stacked"
          // Negative and positive changes grow from the same zero line: a tornado.
          barChartProps={{ stackOffset: 'sign' }}
          yAxisProps={{ width: 130 }}
          series={[
            { name: '−20%', color: 'indigo.4' },
            { name: '+20%', color: 'orange.5' },
          ]}
          valueFormatter={fmt.axis}
          withLegend
        />
      </Paper>
    </Stack>
  );
}
