/** The Spend page: budget vs actual, renewals with decisions, and the exchange-rate table. */
import { BarChart } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { formatMoney, toMajor } from '../../../contracts/money';
import {
  DECISION_LABELS,
  RENEWAL_DECISIONS,
  type Renewal,
  type RenewalDecisionKind,
  SPEND_GROUPS,
  type SpendGroup,
} from '../../../contracts/spend';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { DataTable } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage, QueryState } from '../../components/QueryState';
import { useDecideRenewal, useImportRates, usePutRate, useRates, useRenewals, useSpendReport } from './api';

const GROUP_LABELS: Record<SpendGroup, string> = {
  vendor: 'Vendor',
  function: 'Function',
  country: 'Country',
  month: 'Month',
  engagement: 'Engagement',
};

const thisMonth = () => new Date().toISOString().slice(0, 7);
function monthsBack(month: string, n: number) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 - n, 1));
  return d.toISOString().slice(0, 7);
}

const MONTH = /^\d{4}-\d{2}$/;

function BudgetVsActual() {
  // A dashboard figure links here with ?from=&to= (and optionally ?groupBy=): start from them.
  const [params] = useSearchParams();
  const linkedFrom = MONTH.test(params.get('from') ?? '') ? params.get('from')! : null;
  const linkedTo = MONTH.test(params.get('to') ?? '') ? params.get('to')! : null;
  const [groupBy, setGroupBy] = useState<SpendGroup>(
    (params.get('groupBy') ?? '') in GROUP_LABELS
      ? (params.get('groupBy') as SpendGroup)
      : linkedFrom
        ? 'engagement'
        : 'vendor',
  );
  const [to, setTo] = useState(linkedTo ?? thisMonth());
  const [from, setFrom] = useState(linkedFrom ?? monthsBack(thisMonth(), 11));
  const report = useSpendReport(groupBy, from, to);
  return (
    <Stack>
      <Group align="flex-end">
        <Select
          label="Group by"
          data={SPEND_GROUPS.map((g) => ({ value: g, label: GROUP_LABELS[g] }))}
          value={groupBy}
          onChange={(v) => v && setGroupBy(v as SpendGroup)}
          allowDeselect={false}
          w={180}
        />
        <TextInput
          label="From (YYYY-MM)"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={140}
        />
        <TextInput label="To (YYYY-MM)" value={to} onChange={(e) => setTo(e.currentTarget.value)} w={140} />
      </Group>
      {report.error ? (
        <Alert color="red" title="No report" data-testid="spend-error">
          {errorMessage(report.error)}{' '}
          {String(errorMessage(report.error)).includes('Exchange rates') ? (
            <Anchor component={Link} to="/spend?tab=rates">
              Enter the rates
            </Anchor>
          ) : null}
        </Alert>
      ) : null}
      {report.data ? (
        report.data.rows.length === 0 ? (
          <EmptyState title="No budget or invoices in these months">
            Give engagements a monthly fee or a budget, and enter invoices on an engagement’s Spend tab.
          </EmptyState>
        ) : (
          <>
            <Paper withBorder p="md" radius="md">
              <BarChart
                h={220}
                data={report.data.rows.map((r) => ({
                  label: r.label,
                  budget: toMajor(r.budget, report.data.currency),
                  net: toMajor(r.net, report.data.currency),
                }))}
                dataKey="label"
                series={[
                  { name: 'budget', label: 'Budget', color: 'gray.5' },
                  { name: 'net', label: 'Actual (net of credits)', color: 'teal.6' },
                ]}
              />
            </Paper>
            <Table striped data-testid="spend-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{GROUP_LABELS[groupBy]}</Table.Th>
                  <Table.Th ta="right">Budget</Table.Th>
                  <Table.Th ta="right">Invoiced</Table.Th>
                  <Table.Th ta="right">Credits</Table.Th>
                  <Table.Th ta="right">Net</Table.Th>
                  <Table.Th ta="right">Variance</Table.Th>
                  <Table.Th ta="right">Disputed</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.data.rows.map((r) => {
                  const c = report.data.currency;
                  return (
                    <Table.Tr key={r.key} data-testid="spend-row">
                      <Table.Td>
                        {groupBy === 'engagement' ? (
                          <Anchor component={Link} to={`/engagements/${r.key}?tab=spend`}>
                            {r.label}
                          </Anchor>
                        ) : groupBy === 'vendor' ? (
                          <Anchor component={Link} to={`/vendors/${r.key}`}>
                            {r.label}
                          </Anchor>
                        ) : (
                          r.label
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{formatMoney(r.budget, c)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.actual, c)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.credits, c)}</Table.Td>
                      <Table.Td ta="right">{formatMoney(r.net, c)}</Table.Td>
                      <Table.Td ta="right" c={r.variance < 0 ? 'red' : undefined}>
                        {formatMoney(r.variance, c)}
                      </Table.Td>
                      <Table.Td ta="right">{r.disputed ? formatMoney(r.disputed, c) : '—'}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th>Total ({report.data.currency})</Table.Th>
                  <Table.Th ta="right">
                    {formatMoney(report.data.totals.budget, report.data.currency)}
                  </Table.Th>
                  <Table.Th ta="right">
                    {formatMoney(report.data.totals.actual, report.data.currency)}
                  </Table.Th>
                  <Table.Th ta="right">
                    {formatMoney(report.data.totals.credits, report.data.currency)}
                  </Table.Th>
                  <Table.Th ta="right">{formatMoney(report.data.totals.net, report.data.currency)}</Table.Th>
                  <Table.Th ta="right">
                    {formatMoney(report.data.totals.variance, report.data.currency)}
                  </Table.Th>
                  <Table.Th ta="right">
                    {formatMoney(report.data.totals.disputed, report.data.currency)}
                  </Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </>
        )
      ) : null}
    </Stack>
  );
}

function DecisionControl({ renewal, canDecide }: { renewal: Renewal; canDecide: boolean }) {
  const decide = useDecideRenewal();
  const [note, setNote] = useState(renewal.decision?.note ?? '');
  if (!canDecide)
    return renewal.decision ? (
      <Badge>{DECISION_LABELS[renewal.decision.decision]}</Badge>
    ) : (
      <Text c="dimmed">—</Text>
    );
  return (
    <Group gap="xs" wrap="nowrap">
      <Select
        aria-label={`Decision for ${renewal.title}`}
        placeholder="Decide…"
        data={RENEWAL_DECISIONS.map((d) => ({ value: d, label: DECISION_LABELS[d] }))}
        value={renewal.decision?.decision ?? null}
        onChange={(v) =>
          v &&
          decide.mutate(
            { engagementId: renewal.engagementId, decision: v as RenewalDecisionKind, note: note || null },
            {
              onSuccess: () =>
                notifySuccess(`${renewal.title}: ${DECISION_LABELS[v as RenewalDecisionKind]}.`),
              onError: (e) => notifyError(e, 'Decision not saved'),
            },
          )
        }
        w={150}
      />
      <TextInput
        aria-label={`Note for ${renewal.title}`}
        placeholder="Note"
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        w={200}
      />
    </Group>
  );
}

function Renewals() {
  const user = useUser();
  const renewals = useRenewals();
  return (
    <QueryState query={renewals} what="Renewals">
      {(data) =>
        data.items.length === 0 ? (
          <EmptyState title="No renewal in the next twelve months">
            Engagements with an end date or a renewal date appear here with their notice deadline.
          </EmptyState>
        ) : (
          <DataTable
            testId="renewals-table"
            striped
            columns={['Engagement', 'Term ends', 'Notice by', 'Auto-renew', 'Decision']}
          >
            {data.items.map((r) => (
              <Table.Tr key={r.engagementId}>
                <Table.Td>
                  <Anchor component={Link} to={`/engagements/${r.engagementId}?tab=spend`}>
                    {r.title}
                  </Anchor>
                  <Text size="xs" c="dimmed">
                    {r.vendorName}
                  </Text>
                </Table.Td>
                <Table.Td>{r.termEnd}</Table.Td>
                <Table.Td>
                  {r.noticeDeadline}{' '}
                  {r.inNoticePeriod ? (
                    <Badge color={r.decision ? 'gray' : 'orange'} size="sm">
                      {r.decision ? 'in notice' : 'decide now'}
                    </Badge>
                  ) : (
                    <Text span size="xs" c="dimmed">
                      in {r.daysToDeadline} days
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>{r.autoRenew ? 'Yes' : 'No'}</Table.Td>
                <Table.Td>
                  <DecisionControl renewal={r} canDecide={permissions.writeEngagements(user)} />
                </Table.Td>
              </Table.Tr>
            ))}
          </DataTable>
        )
      }
    </QueryState>
  );
}

function Rates() {
  const user = useUser();
  const writer = permissions.writeEngagements(user);
  const rates = useRates();
  const put = usePutRate();
  const importer = useImportRates();
  const [currency, setCurrency] = useState('');
  const [date, setDate] = useState('');
  const [rate, setRate] = useState<number | string>('');
  const [csv, setCsv] = useState('currency,date,rate\n');
  const [importError, setImportError] = useState<string | null>(null);
  return (
    <Stack>
      <Text size="sm" c="dimmed">
        A rate is how many units of the organisation’s currency one unit buys, from its date on; an amount is
        reported at the latest rate on or before its date.
      </Text>
      {writer ? (
        <Group align="flex-start" grow>
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Text fw={600}>Enter a rate</Text>
              <TextInput
                label="Currency"
                placeholder="USD"
                value={currency}
                onChange={(e) => setCurrency(e.currentTarget.value.toUpperCase())}
              />
              <TextInput
                label="Date"
                placeholder="YYYY-MM-DD"
                value={date}
                onChange={(e) => setDate(e.currentTarget.value)}
              />
              <NumberInput label="Rate" decimalScale={8} value={rate} onChange={setRate} />
              <Button
                loading={put.isPending}
                onClick={() =>
                  put.mutate(
                    { currency, date, rate: Number(rate) },
                    {
                      onSuccess: () => notifySuccess(`${currency} rate saved.`),
                      onError: (e) => notifyError(e, 'Rate not saved'),
                    },
                  )
                }
              >
                Save rate
              </Button>
            </Stack>
          </Paper>
          <Paper withBorder p="md" radius="md">
            <Stack gap="xs">
              <Text fw={600}>Import from CSV</Text>
              <Textarea
                label="CSV (currency,date,rate)"
                autosize
                minRows={4}
                value={csv}
                onChange={(e) => setCsv(e.currentTarget.value)}
                error={importError}
              />
              <Button
                loading={importer.isPending}
                onClick={() =>
                  importer.mutate(csv, {
                    onSuccess: (r) => {
                      setImportError(null);
                      notifySuccess(`${r.imported} rates imported (${r.replaced} replaced).`);
                    },
                    onError: (e) => setImportError(errorMessage(e)),
                  })
                }
              >
                Import
              </Button>
            </Stack>
          </Paper>
        </Group>
      ) : null}
      <QueryState query={rates} what="Exchange rates">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No exchange rates yet">
              Enter a rate for each currency your engagements are invoiced in, or import a file of them.
            </EmptyState>
          ) : (
            <DataTable
              testId="rates-table"
              striped
              columns={['Currency', 'From', { label: 'Rate', ta: 'right' }]}
            >
              {data.items.map((r) => (
                <Table.Tr key={`${r.currency}@${r.date}`}>
                  <Table.Td>{r.currency}</Table.Td>
                  <Table.Td>{r.date}</Table.Td>
                  <Table.Td ta="right">{r.rate}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
    </Stack>
  );
}

const TABS = ['budget', 'renewals', 'rates'] as const;
type Tab = (typeof TABS)[number];

export function SpendPage() {
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'budget';
  return (
    <>
      <PageHeader
        title="Spend"
        description="Budget against invoices net of SLA credits, in the organisation’s currency; renewals and exchange rates."
      />
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'budget' ? { tab: v } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="budget">Budget vs actual</Tabs.Tab>
          <Tabs.Tab value="renewals">Renewals</Tabs.Tab>
          <Tabs.Tab value="rates">Exchange rates</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="budget">
          <BudgetVsActual />
        </Tabs.Panel>
        <Tabs.Panel value="renewals">
          <Renewals />
        </Tabs.Panel>
        <Tabs.Panel value="rates">
          <Rates />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
