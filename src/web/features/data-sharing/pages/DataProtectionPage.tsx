import {
  Anchor,
  Badge,
  Button,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { type DataSharingSettings, HIGHEST_LEVELS } from '../../../../contracts/data-sharing';
import { CRITICALITIES } from '../../../../contracts/vendor-values';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { humanise } from '../../../components/format';
import { DataTable } from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { countryName } from '../../../components/reference-data';
import { Section } from '../../../components/Section';
import { exportUrl, useDataSharingSettings, useOverview, useSaveDataSharingSettings } from '../api';
import { ClassificationBadge, FLAG_LABELS, TierBadge } from '../components/labels';

const TIERS = ['1', '2', '3', '4'];

/** The tier matrix and the reassessment intervals; administrators change them, others read. */
function TierSettings() {
  const user = useUser();
  const admin = permissions.manageOrganisation(user);
  const query = useDataSharingSettings();
  const save = useSaveDataSharingSettings();
  const [draft, setDraft] = useState<DataSharingSettings | null>(null);
  useEffect(() => {
    if (query.data) setDraft(query.data);
  }, [query.data]);
  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="xs">
        Risk-tier matrix
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        A vendor’s tier comes from the highest classification it receives and its criticality; tier 1 gets the
        most scrutiny. Changing the matrix re-tiers every vendor and keeps the change in each vendor’s
        history.
      </Text>
      <QueryState query={query} what="the tier settings">
        {() =>
          draft ? (
            <Stack>
              <Table withTableBorder data-testid="tier-matrix">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Highest classification</Table.Th>
                    {CRITICALITIES.map((c) => (
                      <Table.Th key={c}>{humanise(c)} criticality</Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {HIGHEST_LEVELS.map((level) => (
                    <Table.Tr key={level}>
                      <Table.Td>{level === 'none' ? 'No data' : humanise(level)}</Table.Td>
                      {CRITICALITIES.map((c) => (
                        <Table.Td key={c}>
                          <Select
                            size="xs"
                            w={80}
                            aria-label={`Tier for ${level} data and ${c} criticality`}
                            disabled={!admin}
                            allowDeselect={false}
                            data={TIERS}
                            value={String(draft.matrix[level][c])}
                            onChange={(v) =>
                              setDraft({
                                ...draft,
                                matrix: {
                                  ...draft.matrix,
                                  [level]: { ...draft.matrix[level], [c]: Number(v) as 1 | 2 | 3 | 4 },
                                },
                              })
                            }
                          />
                        </Table.Td>
                      ))}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              <Group>
                {([1, 2, 3, 4] as const).map((tier) => (
                  <NumberInput
                    key={tier}
                    label={`Tier ${tier}: reassess every (months)`}
                    min={1}
                    max={120}
                    disabled={!admin}
                    value={draft.reassessmentMonths[tier]}
                    onChange={(v) =>
                      setDraft({
                        ...draft,
                        reassessmentMonths: { ...draft.reassessmentMonths, [tier]: Number(v) || 1 },
                      })
                    }
                  />
                ))}
              </Group>
              {admin ? (
                <Group justify="flex-end">
                  <Button
                    loading={save.isPending}
                    onClick={() =>
                      save.mutate(draft, {
                        onSuccess: () => notifySuccess('Tier settings saved; vendors re-tiered.'),
                        onError: (e) => notifyError(e),
                      })
                    }
                  >
                    Save tier settings
                  </Button>
                </Group>
              ) : null}
            </Stack>
          ) : null
        }
      </QueryState>
    </Paper>
  );
}

/** The organisation-wide view: restricted data holders, where data goes by country, vendors missing a DPA. */
export function DataProtectionPage() {
  const query = useOverview();
  return (
    <>
      <PageHeader
        title="Data protection"
        description="Which vendors hold restricted data, where in the world data goes, and what needs attention"
        actions={
          <>
            <Button component="a" href={exportUrl('csv')} variant="default">
              Record of processing (CSV)
            </Button>
            <Button component="a" href={exportUrl('json')} variant="default">
              JSON
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <QueryState query={query} what="the data-protection overview">
          {(o) => (
            <>
              <Section title="Vendors holding restricted data" testId="restricted-vendors">
                {o.restrictedVendors.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No vendor receives restricted data.
                  </Text>
                ) : (
                  <DataTable columns={['Vendor', 'Tier', 'Restricted entries', 'Countries']}>
                    {o.restrictedVendors.map((v) => (
                      <Table.Tr key={v.vendorId}>
                        <Table.Td>
                          <Anchor component={Link} to={`/vendors/${v.vendorId}/data`}>
                            {v.vendorName}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>
                          <TierBadge tier={v.tier} />
                        </Table.Td>
                        <Table.Td>{v.entries}</Table.Td>
                        <Table.Td>{v.countries.join(', ')}</Table.Td>
                      </Table.Tr>
                    ))}
                  </DataTable>
                )}
              </Section>
              <Section title="Where data goes" testId="by-country">
                {o.countries.length === 0 ? (
                  <EmptyState title="The register is empty">
                    Add register entries on each engagement’s Data &amp; access tab; this table then shows
                    every country data is processed or stored in.
                  </EmptyState>
                ) : (
                  <DataTable columns={['Country', 'Vendors', 'Entries', 'Highest classification', 'Flags']}>
                    {o.countries.map((c) => (
                      <Table.Tr key={c.country}>
                        <Table.Td>
                          {countryName(c.country)} ({c.country})
                        </Table.Td>
                        <Table.Td>{c.vendors.map((v) => v.name).join(', ')}</Table.Td>
                        <Table.Td>{c.entries}</Table.Td>
                        <Table.Td>
                          <ClassificationBadge value={c.highestClassification} />
                        </Table.Td>
                        <Table.Td>
                          <Group gap={4}>
                            {c.flags.map((f) => (
                              <Badge key={f.code} color="red" tt="none">
                                {FLAG_LABELS[f.code as keyof typeof FLAG_LABELS] ?? f.code}: {f.count}
                              </Badge>
                            ))}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </DataTable>
                )}
              </Section>
              <Section title="Personal data without a current DPA" testId="missing-dpa">
                {o.missingDpa.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    Every vendor with personal data has a current data processing agreement.
                  </Text>
                ) : (
                  <Stack gap={4}>
                    {o.missingDpa.map((v) => (
                      <Text key={v.vendorId} size="sm">
                        <Anchor component={Link} to={`/vendors/${v.vendorId}/data`}>
                          {v.vendorName}
                        </Anchor>{' '}
                        — {v.entries} register entr{v.entries === 1 ? 'y' : 'ies'} with personal data
                      </Text>
                    ))}
                  </Stack>
                )}
              </Section>
            </>
          )}
        </QueryState>
        <TierSettings />
      </Stack>
    </>
  );
}
