import { BarChart } from '@mantine/charts';
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatMoney } from '../../../../contracts/money';
import { EmptyState } from '../../../components/EmptyState';
import { humanise } from '../../../components/format';
import { DataTable } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { usePortfolio } from '../api';

const lastMonth = () => {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
};

/** Quality across the portfolio: SLA attainment by vendor and function, credits, worst-trending engagements. */
export function QualityPortfolioPage() {
  const [month, setMonth] = useState(lastMonth);
  const valid = /^\d{4}-(0[1-9]|1[0-2])$/.test(month);
  const portfolio = usePortfolio(valid ? month : lastMonth());
  return (
    <>
      <PageHeader
        title="Quality"
        description="SLA attainment across every engagement, from the client's own measurements."
        actions={
          <TextInput
            aria-label="Month"
            value={month}
            onChange={(e) => setMonth(e.currentTarget.value)}
            error={valid ? undefined : 'YYYY-MM'}
            w={120}
          />
        }
      />
      <QueryState query={portfolio} what="Portfolio" rows={6}>
        {(p) =>
          p.byVendor.length === 0 && p.worstTrending.length === 0 ? (
            <EmptyState title={`No SLA results for ${p.period}`} testId="portfolio-empty">
              Approve a statement of work with KPIs and send measurements for its engagement; attainment
              appears here per vendor and function.
            </EmptyState>
          ) : (
            <Stack gap="md">
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                <Paper withBorder p="md" radius="md">
                  <Text fw={600} mb="sm">
                    Attainment by vendor ({p.period})
                  </Text>
                  <BarChart
                    h={220}
                    data={p.byVendor.map((v) => ({ name: v.vendorName, attainment: v.attainment ?? 0 }))}
                    dataKey="name"
                    yAxisProps={{ domain: [0, 100] }}
                    series={[{ name: 'attainment', label: '% of KPIs met', color: 'teal.6' }]}
                  />
                </Paper>
                <Paper withBorder p="md" radius="md">
                  <Text fw={600} mb="sm">
                    Attainment by function ({p.period})
                  </Text>
                  <BarChart
                    h={220}
                    data={p.byFunction.map((f) => ({
                      name: humanise(f.function),
                      attainment: f.attainment ?? 0,
                    }))}
                    dataKey="name"
                    yAxisProps={{ domain: [0, 100] }}
                    series={[{ name: 'attainment', label: '% of KPIs met', color: 'indigo.6' }]}
                  />
                </Paper>
              </SimpleGrid>
              <Paper withBorder p="md" radius="md">
                <Group justify="space-between">
                  <Text fw={600}>Credits to date</Text>
                  <Text>
                    {p.creditsToDate.length
                      ? p.creditsToDate.map((c) => formatMoney(c.amount, c.currency)).join(' · ')
                      : 'None'}
                  </Text>
                </Group>
              </Paper>
              <Paper withBorder p="md" radius="md">
                <Title order={4} mb="sm">
                  Worst trending (worse three months in a row)
                </Title>
                {p.worstTrending.length === 0 ? (
                  <Text c="dimmed" size="sm">
                    No engagement got worse three months in a row.
                  </Text>
                ) : (
                  <DataTable
                    testId="worst-trending"
                    columns={['Engagement', 'Vendor', 'Attainment, last four months']}
                  >
                    {p.worstTrending.map((w) => (
                      <Table.Tr key={w.engagementId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/engagements/${w.engagementId}/quality`}>
                            {w.title}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{w.vendorName}</Table.Td>
                        <Table.Td>
                          {w.attainment.map((a) => (a === null ? '—' : `${a}%`)).join(' → ')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </DataTable>
                )}
              </Paper>
            </Stack>
          )
        }
      </QueryState>
    </>
  );
}
