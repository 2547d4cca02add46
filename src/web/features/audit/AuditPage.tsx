import { Alert, Anchor, Badge, Button, Code, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { z } from 'zod';
import type { AuditEvent, AuditVerification } from '../../../contracts/audit';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError } from '../../components/form-errors';
import { humanise } from '../../components/format';
import { FilterBar, ListTable, PagedList } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { useCursorPager } from '../../components/Pager';
import { formatInstant } from '../../components/reference-data';
import { useAuditEvents, useAuditNames, useVerifyChain } from './api';

const ENTITY_TYPES = ['vendor', 'user', 'token', 'organisation', 'file'];

/** The kind of thing an id names, by its prefix (src/server/lib/ids.ts): `usr_…` → "user". */
const ID_KINDS: Record<string, string> = {
  usr: 'user',
  vnd: 'vendor',
  eng: 'engagement',
  rsk: 'risk',
  fnd: 'finding',
  bcs: 'business case',
  asm: 'assessment',
  qtp: 'questionnaire template',
  sow: 'statement of work',
  chr: 'change request',
  scd: 'scorecard',
  thr: 'thread',
  msg: 'message',
  fil: 'file',
  tok: 'API token',
  inv: 'invoice',
  vct: 'contact',
  vst: 'delivery site',
  src: 'sourcing event',
  whk: 'webhook',
  hcal: 'holiday calendar',
  agr: 'agreement',
  dfl: 'register entry',
  crt: 'certificate',
  mts: 'meeting series',
  act: 'action item',
};
const RAW_ID = /^([a-z]{2,5})_[0-9A-HJKMNP-TV-Z]{26}$/;

type Names = Map<string, string>;

/** An id by the name of what it names, else by its kind and the last four characters. */
function idText(id: string, names: Names): string {
  const name = names.get(id);
  if (name) return name;
  const kind = ID_KINDS[RAW_ID.exec(id)?.[1] ?? ''] ?? 'record';
  return `${kind} ending ${id.slice(-4)}`;
}

function valueText(value: unknown, names: Names): string {
  if (typeof value === 'string') {
    if (RAW_ID.test(value)) return idText(value, names);
    if (/^[a-z]+([_.][a-z0-9]+)+$/.test(value)) return humanise(value);
    // Keys the system composed (`finding_overdue:fnd_…`): each id and code inside in words.
    return value
      .replace(/\b[a-z]{2,5}_[0-9A-HJKMNP-TV-Z]{26}\b/g, (id) => idText(id, names))
      .replace(/\b[a-z]+(?:_[a-z0-9]+)+\b/g, (code) => humanise(code).toLowerCase());
  }
  if (Array.isArray(value)) return value.map((v) => valueText(v, names)).join(', ') || '—';
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .map(([k, v]) => `${humanise(k)}: ${v === null ? '∅' : valueText(v, names)}`)
      .join('; ');
  }
  return String(value);
}

function show(value: unknown, names: Names): string {
  if (value === undefined || value === null) return '∅';
  const text = valueText(value, names);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function Changes({ changes, names }: { changes: AuditEvent['changes']; names: Names }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return <Text size="xs">—</Text>;
  return (
    <Stack gap={2}>
      {entries.slice(0, 6).map(([field, c]) => (
        <Text key={field} size="xs" style={{ wordBreak: 'break-word' }}>
          <Text span fw={600} size="xs">
            {humanise(field)}
          </Text>{' '}
          <Code>{show(c.before, names)}</Code> → <Code>{show(c.after, names)}</Code>
        </Text>
      ))}
      {entries.length > 6 ? (
        <Text size="xs" c="dimmed">
          and {entries.length - 6} more
        </Text>
      ) : null}
    </Stack>
  );
}

type Verification = z.infer<typeof AuditVerification>;

/** What an intact chain means: nothing edited or removed, and how far the signed checkpoints vouch for its end. */
function verifiedText({ checked, checkpoints }: Verification): string {
  const { furthest } = checkpoints;
  return furthest
    ? `All ${checked} events check out: none was edited or removed, and the chain reaches event ${furthest.seq}, which ${checkpoints.checked} signed checkpoint(s) outside the database vouch for (the furthest written ${formatInstant(furthest.at)}).`
    : `All ${checked} events check out: none was edited or removed. No signed checkpoint was written yet, so newest events cut off together with the chain's head would not show.`;
}

function brokenText({ checked, firstBrokenId, reason }: Verification): string {
  const where = firstBrokenId ? ` The first broken one is ${firstBrokenId}.` : '';
  return `Checked ${checked} events.${where} ${reason ?? ''}`.trim();
}

function VerifyButton() {
  const verify = useVerifyChain();
  const result = verify.data;
  return (
    <Stack gap="xs" align="flex-end">
      <Button
        variant="light"
        loading={verify.isPending}
        onClick={() => verify.mutate(undefined, { onError: (e) => notifyError(e) })}
      >
        Verify chain
      </Button>
      {result ? (
        <Alert
          color={result.ok ? 'teal' : 'red'}
          variant="light"
          data-testid="verify-result"
          title={result.ok ? 'Chain intact' : 'Chain broken'}
          maw={420}
        >
          {result.ok ? verifiedText(result) : brokenText(result)}
        </Alert>
      ) : null}
    </Stack>
  );
}

/** Every change, who made it and when, with a check that nothing was altered since. */
export function AuditPage() {
  const [entityType, setEntityType] = useState<string | null>(null);
  const [entityIdText, setEntityIdText] = useState('');
  const [actorIdText, setActorIdText] = useState('');
  const [entityId] = useDebouncedValue(entityIdText.trim(), 300);
  const [actorId] = useDebouncedValue(actorIdText.trim(), 300);
  const filters = {
    entityType: entityType ?? undefined,
    entityId: entityId || undefined,
    actorId: actorId || undefined,
  };
  const pager = useCursorPager(JSON.stringify(filters));
  const events = useAuditEvents({ ...filters, cursor: pager.cursor });
  const filtered = Boolean(filters.entityType || filters.entityId || filters.actorId);
  const names = useAuditNames(permissions.manageUsers(useUser()));

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every change, newest first. Each event is chained to the one before it by its hash."
        actions={<VerifyButton />}
      />
      <FilterBar>
        <Select
          aria-label="Entity type"
          placeholder="Any entity type"
          clearable
          data={ENTITY_TYPES.map((value) => ({ value, label: humanise(value) }))}
          value={entityType}
          onChange={setEntityType}
          w={180}
        />
        <TextInput
          aria-label="Entity id"
          placeholder="Entity id, such as vnd_…"
          value={entityIdText}
          onChange={(e) => setEntityIdText(e.currentTarget.value)}
          w={260}
        />
        <TextInput
          aria-label="Actor id"
          placeholder="Actor id, such as usr_…"
          value={actorIdText}
          onChange={(e) => setActorIdText(e.currentTarget.value)}
          w={260}
        />
        {filtered ? (
          <Button
            variant="subtle"
            onClick={() => {
              setEntityType(null);
              setEntityIdText('');
              setActorIdText('');
            }}
          >
            Clear filters
          </Button>
        ) : null}
      </FilterBar>
      <PagedList
        query={events}
        pager={pager}
        rows={8}
        filtered={filtered}
        noMatch={<EmptyState title="No event matches these filters">Clear a filter to see more.</EmptyState>}
        empty={
          <EmptyState title="No events yet">
            Changes to vendors, users and settings appear here as they happen.
          </EmptyState>
        }
      >
        {(items) => (
          <ListTable
            testId="audit-table"
            verticalSpacing="xs"
            minWidth={900}
            columns={['When', 'Who', 'Action', 'Entity', 'Changes']}
          >
            {items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Text size="sm">{formatInstant(e.at)}</Text>
                  <Text size="xs" c="dimmed">
                    #{e.seq}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {e.actorId ? (
                    <Anchor
                      size="sm"
                      component="button"
                      type="button"
                      onClick={() => setActorIdText(e.actorId ?? '')}
                    >
                      {e.actorName ?? idText(e.actorId, names)}
                    </Anchor>
                  ) : (
                    <Text size="sm">{e.actorName ?? 'system'}</Text>
                  )}
                  {e.ip ? (
                    <Text size="xs" c="dimmed">
                      {e.ip}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Badge color="gray" tt="none">
                    {humanise(e.action)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {humanise(e.entityType)}
                  </Text>
                  <Anchor
                    size="xs"
                    component="button"
                    type="button"
                    title={`Only the events of ${e.entityId}`}
                    onClick={() => setEntityIdText(e.entityId)}
                  >
                    {idText(e.entityId, names)}
                  </Anchor>
                </Table.Td>
                <Table.Td maw={380}>
                  <Changes changes={e.changes} names={names} />
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
    </>
  );
}
