import { Alert, Anchor, Badge, Button, Code, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import type { z } from 'zod';
import type { AuditEvent, AuditVerification } from '../../../contracts/audit';
import { EmptyState } from '../../components/EmptyState';
import { notifyError } from '../../components/form-errors';
import { FilterBar, ListTable, PagedList } from '../../components/ListPage';
import { PageHeader } from '../../components/PageHeader';
import { useCursorPager } from '../../components/Pager';
import { formatInstant } from '../../components/reference-data';
import { useAuditEvents, useVerifyChain } from './api';

const ENTITY_TYPES = ['vendor', 'user', 'token', 'organisation', 'file'];

function show(value: unknown): string {
  if (value === undefined || value === null) return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function Changes({ changes }: { changes: AuditEvent['changes'] }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return <Text size="xs">—</Text>;
  return (
    <Stack gap={2}>
      {entries.slice(0, 6).map(([field, c]) => (
        <Text key={field} size="xs" style={{ wordBreak: 'break-word' }}>
          <Text span fw={600} size="xs">
            {field}
          </Text>{' '}
          <Code>{show(c.before)}</Code> → <Code>{show(c.after)}</Code>
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
          data={ENTITY_TYPES}
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
                      {e.actorName ?? e.actorId}
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
                    {e.action}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed">
                    {e.entityType}
                  </Text>
                  <Anchor
                    size="xs"
                    component="button"
                    type="button"
                    ff="monospace"
                    onClick={() => setEntityIdText(e.entityId)}
                  >
                    {e.entityId}
                  </Anchor>
                </Table.Td>
                <Table.Td maw={380}>
                  <Changes changes={e.changes} />
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
    </>
  );
}
