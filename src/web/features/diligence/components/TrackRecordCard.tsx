import { Badge, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { QueryState } from '../../../components/QueryState';
import { Section } from '../../../components/Section';
import { useTrackRecord } from '../api';
import { CertStatusBadge, standardName } from './badges';

const humanise = (s: string) => s.replace(/_/g, ' ');

/** What Outpost knows of the vendor: engagements, references in sum, every certificate ever held. */
export function TrackRecordCard({ vendorId }: { vendorId: string }) {
  const record = useTrackRecord(vendorId, true);
  return (
    <Section title="Track record" testId="track-record">
      <QueryState query={record} what="Track record">
        {(r) => (
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
            <Stack gap="xs">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Engagements
              </Text>
              {r.engagements.length === 0 ? (
                <Text size="sm">None yet.</Text>
              ) : (
                r.engagements.map((e) => (
                  <Stack key={e.id} gap={2} data-testid="track-record-engagement">
                    <Group gap="xs" wrap="nowrap">
                      <Badge variant="outline" color="gray" tt="none">
                        {humanise(e.status)}
                      </Badge>
                      <Text size="sm">
                        {e.title} · {humanise(e.function)} · {e.startDate}
                        {e.endDate ? ` – ${e.endDate}` : ''}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {e.sla
                        ? `SLA ${e.sla.attainmentPct}% met (${e.sla.kpisMet} of ${e.sla.kpisEvaluated} KPI results over ${e.sla.months} closed months)`
                        : 'No closed SLA month yet'}
                      {' · '}
                      {e.scorecards.latestTotal === null
                        ? 'no published scorecard'
                        : `scorecard ${e.scorecards.latestTotal} / 100 for ${e.scorecards.latestPeriod}${e.scorecards.trend ? ` (${e.scorecards.trend})` : ''}`}
                    </Text>
                  </Stack>
                ))
              )}
            </Stack>
            <Stack gap="xs">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                References
              </Text>
              <Text size="sm" data-testid="reference-summary">
                {r.references.count} checked: {r.references.byVerdict.positive} positive,{' '}
                {r.references.byVerdict.neutral} neutral, {r.references.byVerdict.negative} negative
              </Text>
              <Text size="sm">
                Average rating:{' '}
                {r.references.averageRating === null ? 'not rated' : `${r.references.averageRating} / 5`}
              </Text>
            </Stack>
            <Stack gap="xs">
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                Certification history
              </Text>
              {r.certifications.length === 0 ? (
                <Text size="sm">None recorded.</Text>
              ) : (
                <Table>
                  <Table.Tbody>
                    {r.certifications.map((c) => (
                      <Table.Tr key={c.id}>
                        <Table.Td>
                          <Text size="sm">{standardName(c)}</Text>
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">
                            {c.issuedOn ?? '?'} – {c.expiresOn}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <CertStatusBadge cert={c} />
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Stack>
          </SimpleGrid>
        )}
      </QueryState>
    </Section>
  );
}
