import { Badge, Group, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { formatMoney } from '../../../../contracts/money';
import { humanise } from '../../../components/format';
import { DataTable } from '../../../components/ListPage';
import type { Doc } from '../sow-document';
import { formatDay } from './badges';

function Block({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={5} mb="xs">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

const None = () => (
  <Text size="sm" c="dimmed">
    None
  </Text>
);

function Lines({ lines }: { lines: string[] }) {
  if (lines.length === 0) return <None />;
  return (
    <List size="sm" spacing={4}>
      {lines.map((l) => (
        <List.Item key={l}>{l}</List.Item>
      ))}
    </List>
  );
}

const names = (list: string[]) => (list.length ? list.join(', ') : '—');

/** A SOW version to read: every section, as it will be signed. */
export function SowView({ doc, currency }: { doc: Doc; currency: string }) {
  return (
    <Stack gap="md" data-testid="sow-view">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Block title="Objectives">
          <Lines lines={doc.objectives} />
        </Block>
        <Block title="Assumptions">
          <Lines lines={doc.assumptions} />
        </Block>
        <Block title="In scope">
          <Lines lines={doc.inScope} />
        </Block>
        <Block title="Out of scope">
          <Lines lines={doc.outOfScope} />
        </Block>
      </SimpleGrid>
      <Block title="Deliverables">
        {doc.deliverables.length === 0 ? (
          <None />
        ) : (
          <Stack gap="sm">
            {doc.deliverables.map((d, i) => (
              <div key={d.id ?? i}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {d.title}
                  </Text>
                  <Badge variant="outline" color="gray" tt="none">
                    due {formatDay(d.dueDate)}
                  </Badge>
                </Group>
                {d.description ? (
                  <Text size="sm" c="dimmed">
                    {d.description}
                  </Text>
                ) : null}
                <Lines lines={d.acceptanceCriteria} />
              </div>
            ))}
          </Stack>
        )}
      </Block>
      <Block title="Milestones">
        {doc.milestones.length === 0 ? (
          <None />
        ) : (
          <Table>
            <Table.Tbody>
              {doc.milestones.map((m, i) => (
                <Table.Tr key={m.id ?? i}>
                  <Table.Td>{m.title}</Table.Td>
                  <Table.Td>{formatDay(m.dueDate)}</Table.Td>
                  <Table.Td ta="right">
                    {m.paymentAmount === null ? '—' : formatMoney(m.paymentAmount, currency)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Block>
      <Block title="KPIs and service levels">
        {doc.kpis.length === 0 ? (
          <None />
        ) : (
          <DataTable minWidth={640} columns={['KPI', 'Target', 'Measured', 'Credit', 'Weight']}>
            {doc.kpis.map((k, i) => (
              <Table.Tr key={k.id ?? i}>
                <Table.Td>{k.name}</Table.Td>
                <Table.Td>
                  {k.direction === 'at_least' ? '≥' : '≤'} {k.target ?? '—'} {k.unit ?? ''}
                </Table.Td>
                <Table.Td>
                  {k.aggregation === 'percentile' ? `p${k.p}` : humanise(k.aggregation)} per {k.period ?? '—'}
                </Table.Td>
                <Table.Td>{k.creditPct}%</Table.Td>
                <Table.Td>{k.weight}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
        <Text size="sm" mt="xs">
          Service-credit cap:{' '}
          {doc.creditCapPct === null ? 'not set' : `${doc.creditCapPct}% of the monthly fee`}
        </Text>
      </Block>
      <Block title="RACI">
        {doc.raci.length === 0 ? (
          <None />
        ) : (
          <DataTable
            minWidth={640}
            columns={['Activity', 'Responsible', 'Accountable', 'Consulted', 'Informed']}
          >
            {doc.raci.map((r) => (
              <Table.Tr key={r.activity}>
                <Table.Td>{r.activity}</Table.Td>
                <Table.Td>{names(r.responsible)}</Table.Td>
                <Table.Td>{names(r.accountable)}</Table.Td>
                <Table.Td>{names(r.consulted)}</Table.Td>
                <Table.Td>{names(r.informed)}</Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )}
      </Block>
      <Block title="Governance">
        <Text size="sm" mb="xs">
          Reporting: {doc.reportingCadence ? humanise(doc.reportingCadence) : 'not set'}
        </Text>
        {doc.governanceForums.length === 0 ? (
          <None />
        ) : (
          <List size="sm">
            {doc.governanceForums.map((f) => (
              <List.Item key={f.name}>
                {f.name} — {f.cadence}
                {f.attendees.length ? ` (${f.attendees.join(', ')})` : ''}
              </List.Item>
            ))}
          </List>
        )}
      </Block>
    </Stack>
  );
}
