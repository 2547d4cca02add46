/**
 * The "Data & access" tab of an engagement and of a vendor. Each section is its own component,
 * stacked in `DataAccessTab`; the assurance feature adds its "Access grants" and "Access reviews"
 * sections by importing its components into the marked place below.
 */
import { Anchor, Button, Group, Menu, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { type ComponentType, useState } from 'react';
import { AGREEMENT_LABELS, type Agreement, type DataFlow } from '../../../contracts/data-sharing';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { humanise } from '../../components/format';
import { DataTable } from '../../components/ListPage';
import { QueryState } from '../../components/QueryState';
import { countryName, formatInstant } from '../../components/reference-data';
import { Section } from '../../components/Section';
import {
  exportUrl,
  useAgreements,
  useFlows,
  useRemoveAgreement,
  useRemoveFlow,
  useTier,
  useVendorFlows,
} from './api';
import { AgreementModal } from './components/AgreementModal';
import { FlowModal } from './components/FlowModal';
import { ClassificationBadge, FlagBadges, MECHANISM_LABELS, TierBadge } from './components/labels';

const countries = (codes: string[]) => codes.map((c) => countryName(c)).join(', ');

function RowActions({
  onEdit,
  onRemove,
  label,
}: {
  onEdit: () => void;
  onRemove: () => void;
  label: string;
}) {
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="subtle" size="xs" aria-label={`Actions for ${label}`}>
          ⋯
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={onEdit}>Edit</Menu.Item>
        <Menu.Item color="red" onClick={onRemove}>
          Remove
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function FlowTable({
  flows,
  showEngagement,
  onEdit,
  canWrite,
}: {
  flows: DataFlow[];
  showEngagement: boolean;
  onEdit?: (f: DataFlow) => void;
  canWrite: boolean;
}) {
  const remove = useRemoveFlow();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing="sm" data-testid="register-table">
        <Table.Thead>
          <Table.Tr>
            {showEngagement ? <Table.Th>Engagement</Table.Th> : null}
            <Table.Th>Data</Table.Th>
            <Table.Th>Classification</Table.Th>
            <Table.Th>Where</Table.Th>
            <Table.Th>Transfer</Table.Th>
            <Table.Th>Retention · exit</Table.Th>
            <Table.Th>Flags</Table.Th>
            {canWrite && onEdit ? <Table.Th /> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {flows.map((f) => (
            <Table.Tr key={f.id} data-testid="register-row">
              {showEngagement ? <Table.Td>{f.engagementTitle}</Table.Td> : null}
              <Table.Td>
                <Text size="sm" fw={600}>
                  {f.categories.map(humanise).join(', ')}
                </Text>
                <Text size="xs" c="dimmed">
                  {f.dataSubjects.join(', ')} · ~{f.recordVolume.toLocaleString()} records · {f.purpose}
                </Text>
              </Table.Td>
              <Table.Td>
                <ClassificationBadge value={f.classification} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">Processed: {countries(f.processingCountries)}</Text>
                <Text size="sm">Stored: {countries(f.storageCountries)}</Text>
                {f.subProcessors.length ? (
                  <Text size="xs" c="dimmed">
                    Sub-processors: {f.subProcessors.map((s) => `${s.name} (${s.country})`).join(', ')}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{MECHANISM_LABELS[f.transferMechanism]}</Text>
                <Text size="xs" c="dimmed">
                  {humanise(f.legalBasis)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{f.retention}</Text>
                <Text size="xs" c="dimmed">
                  {humanise(f.exitHandling.action)}
                  {f.exitHandling.certificate ? ', with certificate' : ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <FlagBadges flags={f.flags} />
              </Table.Td>
              {canWrite && onEdit ? (
                <Table.Td>
                  <RowActions
                    label={f.purpose}
                    onEdit={() => onEdit(f)}
                    onRemove={() =>
                      remove.mutate(f.id, {
                        onSuccess: () => notifySuccess('Entry removed.'),
                        onError: (e) => notifyError(e),
                      })
                    }
                  />
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Section: the data-sharing register (of the engagement, or of every engagement of the vendor). */
function RegisterSection({ engagementId, vendorId }: { engagementId?: string; vendorId: string }) {
  const user = useUser();
  const writer = permissions.writeEngagements(user);
  const internal = permissions.isInternal(user);
  const query = useFlows(engagementId, vendorId);
  const [editing, setEditing] = useState<DataFlow | 'new' | null>(null);
  return (
    <Paper withBorder p="lg" data-testid="register-section">
      <Group justify="space-between" mb="md">
        <Title order={4}>Data-sharing register</Title>
        <Group gap="xs">
          {internal ? (
            <>
              <Button component="a" href={exportUrl('csv', vendorId)} variant="default" size="xs">
                Export CSV
              </Button>
              <Button component="a" href={exportUrl('json', vendorId)} variant="default" size="xs">
                Export JSON
              </Button>
            </>
          ) : null}
          {writer && engagementId ? (
            <Button size="xs" onClick={() => setEditing('new')} data-testid="add-flow">
              Add entry
            </Button>
          ) : null}
        </Group>
      </Group>
      <QueryState query={query} what="the register">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="Nothing in the register yet" testId="register-empty">
              {engagementId
                ? 'Record what data this engagement shares with the vendor: categories, where it is processed and stored, and under which transfer mechanism.'
                : 'Register entries are added on each engagement’s Data & access tab.'}
            </EmptyState>
          ) : (
            <FlowTable
              flows={data.items}
              showEngagement={!engagementId}
              canWrite={writer}
              onEdit={engagementId ? (f) => setEditing(f) : undefined}
            />
          )
        }
      </QueryState>
      {editing && engagementId ? (
        <FlowModal
          engagementId={engagementId}
          flow={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Paper>
  );
}

/** Section: the agreements on file with the vendor. */
function AgreementsSection({ vendorId }: { vendorId: string }) {
  const user = useUser();
  const writer = permissions.writeEngagements(user);
  const query = useAgreements(vendorId);
  const flows = useVendorFlows(vendorId);
  const remove = useRemoveAgreement(vendorId);
  const [editing, setEditing] = useState<Agreement | 'new' | null>(null);
  return (
    <Paper withBorder p="lg" data-testid="agreements-section">
      <Group justify="space-between" mb="md">
        <Title order={4}>Agreements</Title>
        {writer ? (
          <Button size="xs" onClick={() => setEditing('new')}>
            Record agreement
          </Button>
        ) : null}
      </Group>
      <QueryState query={query} what="the agreements">
        {(data) =>
          data.items.length === 0 ? (
            <EmptyState title="No agreements on file">
              Record the DPA, NDA, MSA or BAA with its signed document and its review date; Outpost reminds
              you 30 and 7 days before, and on the day.
            </EmptyState>
          ) : (
            <DataTable
              verticalSpacing="xs"
              columns={['Agreement', 'Signed', 'Expires', 'Review', 'Covers', 'Status', writer && '']}
            >
              {data.items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>
                    <Text size="sm" fw={600}>
                      {AGREEMENT_LABELS[a.type]}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {a.title ?? ''}{' '}
                      {a.documentFileId ? (
                        <Anchor size="xs" href={`/api/v1/files/${a.documentFileId}`}>
                          Document
                        </Anchor>
                      ) : (
                        'No document'
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>{a.signedOn}</Table.Td>
                  <Table.Td>{a.expiresOn ?? '—'}</Table.Td>
                  <Table.Td>{a.reviewOn ?? '—'}</Table.Td>
                  <Table.Td>
                    {a.dataFlowIds.length} entr{a.dataFlowIds.length === 1 ? 'y' : 'ies'}
                  </Table.Td>
                  <Table.Td>
                    <Text
                      size="sm"
                      c={a.status === 'current' ? 'green' : a.status === 'expired' ? 'red' : 'dimmed'}
                    >
                      {humanise(a.status)}
                    </Text>
                  </Table.Td>
                  {writer ? (
                    <Table.Td>
                      <RowActions
                        label={AGREEMENT_LABELS[a.type]}
                        onEdit={() => setEditing(a)}
                        onRemove={() =>
                          remove.mutate(a.id, {
                            onSuccess: () => notifySuccess('Agreement removed.'),
                            onError: (e) => notifyError(e),
                          })
                        }
                      />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </DataTable>
          )
        }
      </QueryState>
      {editing ? (
        <AgreementModal
          vendorId={vendorId}
          agreement={editing === 'new' ? null : editing}
          flows={flows.data?.items ?? []}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </Paper>
  );
}

/** Section (internal users): the vendor's risk tier, why, its vendor-level flags and its history. */
function TierSection({ vendorId }: { vendorId: string }) {
  const user = useUser();
  const query = useTier(vendorId, permissions.isInternal(user));
  if (!permissions.isInternal(user)) return null;
  return (
    <Section title="Risk tier" testId="tier-section">
      <QueryState query={query} what="the risk tier">
        {(t) => (
          <Stack gap="sm">
            <Group>
              <TierBadge tier={t.tier} />
              <Text size="sm">
                {t.reason}; reassess every {t.reassessmentMonths} months.
              </Text>
            </Group>
            {t.flags.length ? <FlagBadges flags={t.flags} /> : null}
            {t.history.length ? (
              <DataTable verticalSpacing={4} columns={['When', 'Tier', 'Why']}>
                {t.history.map((h) => (
                  <Table.Tr key={h.id}>
                    <Table.Td>{formatInstant(h.at)}</Table.Td>
                    <Table.Td>
                      {h.previousTier ? `${h.previousTier} → ` : ''}
                      {h.tier}
                    </Table.Td>
                    <Table.Td>{h.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </DataTable>
            ) : (
              <Text size="sm" c="dimmed">
                No tier change recorded yet: the tier is recorded when the register or the vendor’s
                criticality changes.
              </Text>
            )}
          </Stack>
        )}
      </QueryState>
    </Section>
  );
}

/** What another feature shows below the tab's sections: the app layer passes assurance's access sections. */
export type DataAccessExtra = ComponentType<{ engagementId?: string; vendorId: string }>;

/** The whole tab: register, agreements and tier, then what `Extra` adds (features do not import each other). */
export function DataAccessTab({
  engagementId,
  vendorId,
  Extra,
}: {
  engagementId?: string;
  vendorId: string;
  Extra?: DataAccessExtra;
}) {
  return (
    <Stack gap="lg" data-testid="data-access-tab">
      <RegisterSection engagementId={engagementId} vendorId={vendorId} />
      <AgreementsSection vendorId={vendorId} />
      <TierSection vendorId={vendorId} />
      {Extra ? <Extra engagementId={engagementId} vendorId={vendorId} /> : null}
    </Stack>
  );
}
