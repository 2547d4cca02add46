/** An engagement's Spend tab: its invoices with credit lines, savings realised and (internally) its exit plan. */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { REINTEGRATION, SUBSTITUTABILITY } from '../../../contracts/dora-values';
import { decimalText, formatMoney, parseMoney, toMinor } from '../../../contracts/money';
import type { ExitPlan, Invoice, InvoiceStatus } from '../../../contracts/spend';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess, showApiError } from '../../components/form-errors';
import { DataTable } from '../../components/ListPage';
import { errorMessage, QueryState } from '../../components/QueryState';
import {
  useCreateInvoice,
  useExitPlan,
  useInvoices,
  useSaveExitPlan,
  useSavings,
  useUpdateInvoice,
} from './api';

const STATUS_COLORS: Record<InvoiceStatus, string> = {
  received: 'blue',
  approved: 'teal',
  paid: 'green',
  disputed: 'red',
};
const MOVE_LABELS: Record<InvoiceStatus, string> = {
  received: 'Resubmit',
  approved: 'Approve',
  paid: 'Mark paid',
  disputed: 'Dispute',
};

function InvoiceActions({ invoice, internal }: { invoice: Invoice; internal: boolean }) {
  const update = useUpdateInvoice();
  const moves = invoice.allowedTransitions.filter((s) => internal || s === 'received');
  return (
    <Group gap={4}>
      {moves.map((to) => (
        <Button
          key={to}
          size="compact-xs"
          variant="light"
          color={to === 'disputed' ? 'red' : undefined}
          onClick={() => {
            const disputeReason =
              to === 'disputed' ? window.prompt('Why is this invoice disputed?') : undefined;
            if (to === 'disputed' && !disputeReason) return;
            update.mutate(
              { id: invoice.id, status: to, ...(disputeReason ? { disputeReason } : {}) },
              {
                onSuccess: () => notifySuccess(`Invoice ${invoice.number} is ${to}.`),
                onError: (e) => notifyError(e, 'Invoice not changed'),
              },
            );
          }}
        >
          {MOVE_LABELS[to]}
        </Button>
      ))}
    </Group>
  );
}

function InvoiceForm({ engagementId, currency }: { engagementId: string; currency: string }) {
  const create = useCreateInvoice();
  const [v, setV] = useState({ number: '', periodStart: '', periodEnd: '', amount: '', quantity: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (k: keyof typeof v) => (e: React.ChangeEvent<HTMLInputElement>) =>
    setV({ ...v, [k]: e.currentTarget.value });
  const submit = () => {
    const amount = parseMoney(v.amount, currency);
    if (amount === null)
      return setErrors({
        amount: `must be an amount in ${currency}, such as ${decimalText(toMinor(1234.5, currency), currency)}`,
      });
    create.mutate(
      {
        engagementId,
        number: v.number,
        periodStart: v.periodStart,
        periodEnd: v.periodEnd,
        amount,
        currency,
        quantity: v.quantity ? Number(v.quantity) : null,
      },
      {
        onSuccess: (inv) => {
          setErrors({});
          setV({ number: '', periodStart: '', periodEnd: '', amount: '', quantity: '' });
          notifySuccess(`Invoice ${inv.number} entered.`);
        },
        onError: (e) => showApiError(e, { setErrors, getValues: () => v }),
      },
    );
  };
  return (
    <Paper withBorder p="md" radius="md">
      <Text fw={600} mb="xs">
        Enter an invoice
      </Text>
      <Group align="flex-start" wrap="wrap">
        <TextInput label="Number" value={v.number} onChange={set('number')} error={errors.number} w={140} />
        <TextInput
          label="Period start"
          placeholder="YYYY-MM-DD"
          value={v.periodStart}
          onChange={set('periodStart')}
          error={errors.periodStart}
          w={140}
        />
        <TextInput
          label="Period end"
          placeholder="YYYY-MM-DD"
          value={v.periodEnd}
          onChange={set('periodEnd')}
          error={errors.periodEnd}
          w={140}
        />
        <TextInput
          label={`Amount (${currency})`}
          value={v.amount}
          onChange={set('amount')}
          error={errors.amount}
          w={150}
        />
        <TextInput
          label="Quantity (optional)"
          value={v.quantity}
          onChange={set('quantity')}
          error={errors.quantity}
          w={140}
        />
        <Button mt={25} onClick={submit} loading={create.isPending}>
          Add invoice
        </Button>
      </Group>
    </Paper>
  );
}

function Invoices({
  engagementId,
  currency,
  internal,
  canEnter,
}: {
  engagementId: string;
  currency: string;
  internal: boolean;
  canEnter: boolean;
}) {
  const invoices = useInvoices(engagementId);
  return (
    <Stack>
      {canEnter ? <InvoiceForm engagementId={engagementId} currency={currency} /> : null}
      <QueryState query={invoices} what="Invoices">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No invoices yet">
              Enter the vendor’s invoices as they arrive; SLA credits of closed months are applied to them.
            </EmptyState>
          ) : (
            <DataTable
              testId="invoices-table"
              striped
              columns={[
                'Number',
                'Period',
                { label: 'Amount', ta: 'right' },
                { label: 'Credits', ta: 'right' },
                { label: 'Net', ta: 'right' },
                'Status',
                '',
              ]}
            >
              {data.items.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.number}</Table.Td>
                  <Table.Td>
                    {i.periodStart} – {i.periodEnd}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(i.amount, i.currency)}</Table.Td>
                  <Table.Td ta="right">
                    {i.credits.length
                      ? i.credits.map((c) => `${c.period}: −${formatMoney(c.amount, c.currency)}`).join(', ')
                      : '—'}
                  </Table.Td>
                  <Table.Td ta="right">{formatMoney(i.net, i.currency)}</Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[i.status]}>{i.status}</Badge>
                    {i.disputeReason ? (
                      <Text size="xs" c="dimmed">
                        {i.disputeReason}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <InvoiceActions invoice={i} internal={internal} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
    </Stack>
  );
}

function SavingsView({ engagementId }: { engagementId: string }) {
  const savings = useSavings(engagementId);
  if (savings.error)
    return (
      <Alert color="red" title="No savings figures">
        {errorMessage(savings.error)}
      </Alert>
    );
  if (!savings.data) return null;
  const s = savings.data;
  if (!s.link || !s.currency)
    return (
      <EmptyState title="No business case linked">
        Link this engagement to an option of a business case to compare the savings planned with those
        realised.
      </EmptyState>
    );
  const c = s.currency;
  const months = s.months.filter((m) => m.realisedSavings !== null);
  return (
    <Stack gap="xs" data-testid="savings">
      <Text size="sm">
        {s.link.businessCaseName} · {s.link.optionName} (governance {s.link.governancePct}%). Planned to date{' '}
        {formatMoney(s.totals.plannedToDate, c)}, realised {formatMoney(s.totals.realised, c)}.
      </Text>
      {months.length === 0 ? (
        <Text c="dimmed" size="sm">
          No month has an invoice yet.
        </Text>
      ) : (
        <DataTable
          striped
          columns={[
            'Month',
            { label: 'Planned', ta: 'right' },
            { label: 'Realised', ta: 'right' },
            { label: 'Rate', ta: 'right' },
            { label: 'Volume', ta: 'right' },
            { label: 'Credits', ta: 'right' },
            { label: 'Currency', ta: 'right' },
            { label: 'Cumulative realised', ta: 'right' },
          ]}
        >
          {months.map((m) => (
            <Table.Tr key={m.month}>
              <Table.Td>{m.month}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.plannedSavings, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.realisedSavings ?? 0, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.lines?.rate ?? 0, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.lines?.volume ?? 0, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.lines?.credits ?? 0, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.lines?.currency ?? 0, c)}</Table.Td>
              <Table.Td ta="right">{formatMoney(m.cumulativeRealised ?? 0, c)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Stack>
  );
}

type Section = 'steps' | 'dataItems' | 'knowledgeItems' | 'accessItems';
const SECTIONS: Array<{ key: Section; title: string; field: 'title' | 'description' | 'topic' | 'system' }> =
  [
    { key: 'steps', title: 'Transition steps', field: 'title' },
    { key: 'dataItems', title: 'Data to return or delete', field: 'description' },
    { key: 'knowledgeItems', title: 'Knowledge transfer', field: 'topic' },
    { key: 'accessItems', title: 'Access to revoke', field: 'system' },
  ];

function ExitPlanEditor({
  plan,
  engagementId,
  canEdit,
}: {
  plan: ExitPlan;
  engagementId: string;
  canEdit: boolean;
}) {
  const save = useSaveExitPlan(engagementId);
  const [draft, setDraft] = useState<Record<Section, Array<Record<string, unknown>>>>({
    steps: plan.steps,
    dataItems: plan.dataItems,
    knowledgeItems: plan.knowledgeItems,
    accessItems: plan.accessItems,
  });
  const [dora, setDora] = useState({
    substitutability: plan.substitutability,
    reintegration: plan.reintegration,
  });
  const change = (key: Section, i: number, patch: Record<string, unknown>) =>
    setDraft({ ...draft, [key]: draft[key].map((it, j) => (j === i ? { ...it, ...patch } : it)) });
  const body = () => {
    const clean = (items: Array<Record<string, unknown>>) =>
      items.map(({ id, ...rest }) => ({
        ...(id ? { id } : {}),
        ...rest,
        dueDate: rest.dueDate || null,
        owner: rest.owner || null,
      }));
    return {
      steps: clean(draft.steps),
      dataItems: clean(draft.dataItems),
      knowledgeItems: clean(draft.knowledgeItems),
      accessItems: clean(draft.accessItems),
      ...dora,
    } as never;
  };
  return (
    <Stack data-testid="exit-plan">
      <Group>
        <Badge
          size="lg"
          color={plan.readiness >= 80 ? 'green' : plan.readiness >= 40 ? 'yellow' : 'red'}
          data-testid="exit-readiness"
        >
          Readiness {plan.readiness}%
        </Badge>
        <Text size="sm" c="dimmed">
          {plan.done} of {plan.total} done{plan.overdue ? `, ${plan.overdue} overdue` : ''}
        </Text>
      </Group>
      {plan.suggestions.length ? (
        <Alert color="blue" title="From the registers">
          {plan.suggestions.map((s) => (
            <Text key={s.sourceId} size="sm">
              {s.kind === 'data' ? 'Data: ' : 'Access: '}
              {s.label}
            </Text>
          ))}
        </Alert>
      ) : null}
      <Group grow>
        <Select
          label="Substitutability (DORA B_07.01)"
          placeholder="Not assessed"
          clearable
          disabled={!canEdit}
          data={Object.entries(SUBSTITUTABILITY).map(([value, label]) => ({ value, label }))}
          value={dora.substitutability}
          onChange={(v) => setDora({ ...dora, substitutability: v as ExitPlan['substitutability'] })}
        />
        <Select
          label="Reintegration in-house (DORA B_07.01)"
          placeholder="Not assessed"
          clearable
          disabled={!canEdit}
          data={Object.entries(REINTEGRATION).map(([value, label]) => ({ value, label }))}
          value={dora.reintegration}
          onChange={(v) => setDora({ ...dora, reintegration: v as ExitPlan['reintegration'] })}
        />
      </Group>
      {SECTIONS.map(({ key, title, field }) => (
        <Paper withBorder p="sm" radius="md" key={key}>
          <Text fw={600} mb="xs">
            {title}
          </Text>
          <Stack gap={6}>
            {draft[key].map((item, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: new rows have no id until saved
              <Group key={i} gap="xs" wrap="nowrap">
                <Checkbox
                  aria-label="Done"
                  checked={Boolean(item.done)}
                  disabled={!canEdit}
                  onChange={(e) => change(key, i, { done: e.currentTarget.checked })}
                />
                <TextInput
                  aria-label={title}
                  value={String(item[field] ?? '')}
                  readOnly={!canEdit}
                  onChange={(e) => change(key, i, { [field]: e.currentTarget.value })}
                  style={{ flex: 1 }}
                />
                <TextInput
                  aria-label="Owner"
                  placeholder="Owner"
                  value={String(item.owner ?? '')}
                  readOnly={!canEdit}
                  onChange={(e) => change(key, i, { owner: e.currentTarget.value })}
                  w={140}
                />
                <TextInput
                  aria-label="Due"
                  placeholder="YYYY-MM-DD"
                  value={String(item.dueDate ?? '')}
                  readOnly={!canEdit}
                  onChange={(e) => change(key, i, { dueDate: e.currentTarget.value })}
                  w={130}
                />
              </Group>
            ))}
            {canEdit ? (
              <Button
                size="compact-sm"
                variant="subtle"
                onClick={() => setDraft({ ...draft, [key]: [...draft[key], { [field]: '', done: false }] })}
              >
                Add
              </Button>
            ) : null}
          </Stack>
        </Paper>
      ))}
      {canEdit ? (
        <Group>
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate(body(), {
                onSuccess: () => notifySuccess('Exit plan saved.'),
                onError: (e) => notifyError(e, 'Exit plan not saved'),
              })
            }
          >
            Save exit plan
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

function ExitPlanSection({ engagementId, canEdit }: { engagementId: string; canEdit: boolean }) {
  const plan = useExitPlan(engagementId);
  return (
    <QueryState query={plan} what="Exit plan">
      {(p) => (
        <ExitPlanEditor key={p.updatedAt ?? 'new'} plan={p} engagementId={engagementId} canEdit={canEdit} />
      )}
    </QueryState>
  );
}

export function EngagementSpendTab({ engagementId, currency }: { engagementId: string; currency: string }) {
  const user = useUser();
  const internal = permissions.isInternal(user);
  const writer = permissions.writeEngagements(user);
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <Title order={4}>Invoices</Title>
        <Invoices
          engagementId={engagementId}
          currency={currency}
          internal={writer}
          canEnter={writer || !internal}
        />
      </Stack>
      {internal ? (
        <>
          <Stack gap="xs">
            <Title order={4}>Savings realised</Title>
            <SavingsView engagementId={engagementId} />
          </Stack>
          <Stack gap="xs">
            <Title order={4}>Exit plan</Title>
            <ExitPlanSection engagementId={engagementId} canEdit={writer} />
          </Stack>
        </>
      ) : null}
    </Stack>
  );
}
