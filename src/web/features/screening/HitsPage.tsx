import {
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Radio,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { type Hit, type HitStatus, SOURCE_LABELS } from '../../../contracts/screening';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { Crumbs } from '../../components/Crumbs';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { useDecideHit, useHit, useHits } from './api';

const STATUS_COLOURS: Record<HitStatus, string> = {
  open: 'orange',
  true_match: 'red',
  false_positive: 'gray',
  cleared: 'gray',
};
const STATUS_LABELS: Record<HitStatus, string> = {
  open: 'To review',
  true_match: 'True match',
  false_positive: 'False positive',
  cleared: 'No longer matches',
};

const HitStatusBadge = ({ status }: { status: HitStatus }) => (
  <Badge color={STATUS_COLOURS[status]}>{STATUS_LABELS[status]}</Badge>
);

export function HitsPage() {
  const [status, setStatus] = useState<HitStatus | ''>('open');
  const hits = useHits(status);
  return (
    <>
      <PageHeader
        title="Screening hits"
        description="Names of vendors, contacts and sub-processors that resemble a sanctions list entry."
        actions={
          <Anchor component={Link} to="/screening/lists">
            Lists
          </Anchor>
        }
      />
      <SegmentedControl
        mb="md"
        value={status}
        onChange={(v) => setStatus(v as HitStatus | '')}
        data={[
          { value: 'open', label: 'To review' },
          { value: 'true_match', label: 'True matches' },
          { value: 'false_positive', label: 'False positives' },
          { value: 'cleared', label: 'Cleared' },
          { value: '', label: 'All' },
        ]}
      />
      <QueryState query={hits} what="the hits">
        {(page) =>
          page.items.length ? (
            <Table data-testid="hits">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Vendor</Table.Th>
                  <Table.Th>Name screened</Table.Th>
                  <Table.Th>List entry</Table.Th>
                  <Table.Th>List</Table.Th>
                  <Table.Th>Score</Table.Th>
                  <Table.Th>Status</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{h.vendorName}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/screening/hits/${h.id}`}>
                        {h.subjectName}
                      </Anchor>{' '}
                      <Text span size="xs" c="dimmed">
                        ({h.subjectType.replace('_', ' ')})
                      </Text>
                    </Table.Td>
                    <Table.Td>{h.matchedName}</Table.Td>
                    <Table.Td>{SOURCE_LABELS[h.entry.source]}</Table.Td>
                    <Table.Td>{h.score.toFixed(3)}</Table.Td>
                    <Table.Td>
                      <HitStatusBadge status={h.status} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <EmptyState title="No hits here">
              Hits appear when a loaded list names someone like a vendor, an alias, a contact or a
              sub-processor.
            </EmptyState>
          )
        }
      </QueryState>
    </>
  );
}

function Facts({ rows }: { rows: Array<[string, string]> }) {
  return (
    <Table>
      <Table.Tbody>
        {rows.map(([k, v]) => (
          <Table.Tr key={k}>
            <Table.Th w={160}>{k}</Table.Th>
            <Table.Td>{v || '—'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function Decide({ hit }: { hit: Hit }) {
  const [decision, setDecision] = useState<'true_match' | 'false_positive'>('false_positive');
  const [reason, setReason] = useState('');
  const decide = useDecideHit(hit.id);
  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="xs">
        Decision
      </Title>
      <Stack>
        <Radio.Group value={decision} onChange={(v) => setDecision(v as typeof decision)}>
          <Group>
            <Radio value="false_positive" label="False positive (not raised again for this entry and name)" />
            <Radio value="true_match" label="True match (holds the vendor)" />
          </Group>
        </Radio.Group>
        <Textarea
          label="Reason"
          required
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          autosize
          minRows={2}
        />
        <Group>
          <Button
            color={decision === 'true_match' ? 'red' : undefined}
            disabled={!reason.trim()}
            loading={decide.isPending}
            onClick={() =>
              decide.mutate(
                { decision, reason },
                {
                  onSuccess: () => notifySuccess('Decision recorded.'),
                  onError: (e) => notifyError(e, 'The decision was not recorded'),
                },
              )
            }
          >
            Record decision
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

export function HitPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const hit = useHit(id);
  return (
    <QueryState query={hit} what="the hit">
      {(h) => (
        <>
          <Crumbs trail={[{ label: 'Screening hits', to: '/screening/hits' }]} here={h.subjectName} />
          <PageHeader
            title={`${h.subjectName} ~ ${h.matchedName}`}
            badge={<HitStatusBadge status={h.status} />}
            description={`Score ${h.score.toFixed(3)}`}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
            <Paper withBorder p="lg" data-testid="hit-record">
              <Title order={4} mb="xs">
                The record
              </Title>
              <Facts
                rows={[
                  ['Vendor', h.vendorName],
                  ['Name screened', h.subjectName],
                  ['As', h.subjectType.replace('_', ' ')],
                  ['Country', h.subjectCountry ?? ''],
                ]}
              />
              <Anchor component={Link} to={`/vendors/${h.vendorId}`} size="sm">
                Open the vendor
              </Anchor>
            </Paper>
            <Paper withBorder p="lg" data-testid="hit-entry">
              <Title order={4} mb="xs">
                The list entry
              </Title>
              <Facts
                rows={[
                  ['List', SOURCE_LABELS[h.entry.source]],
                  ['Entry', h.entry.ref],
                  ['Names', h.entry.names.join('; ')],
                  ['Kind', h.entry.kind],
                  ['Countries', h.entry.countries.join(', ')],
                  ['Programmes', h.entry.programs.join(', ')],
                  ['Identifiers', h.entry.identifiers.join(', ')],
                  ['Remarks', h.entry.remarks ?? ''],
                  ['List published', h.entry.publishedAt],
                ]}
              />
            </Paper>
          </SimpleGrid>
          {h.status !== 'open' && h.status !== 'cleared' ? (
            <Text mb="md">
              Decided by {h.decidedBy} on {h.decidedAt ? new Date(h.decidedAt).toLocaleString() : ''}:{' '}
              {h.reason}
            </Text>
          ) : null}
          {h.status === 'cleared' ? <Text mb="md">{h.reason}</Text> : null}
          {permissions.decideSanctionsHits(user) &&
          (h.status === 'open' || (h.status !== 'cleared' && permissions.manageSanctionsLists(user))) ? (
            <Decide hit={h} />
          ) : null}
        </>
      )}
    </QueryState>
  );
}
