import { Badge, Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { SiteBrief, VendorBrief } from '../../../contracts/briefs';
import { Field } from '../../components/Field';
import { QueryState } from '../../components/QueryState';
import { formatDate } from '../../components/reference-data';
import { useVendorBrief } from './api';

type Side = VendorBrief['vendor'];

const DAY_NAMES: Record<string, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

/** +02:00 from minutes. */
function offset(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+';
  const m = Math.abs(minutes);
  return `UTC${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}
const hours = (minutes: number) =>
  `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;

function SideCard({ title, side, testId }: { title: string; side: Side; testId: string }) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Text fw={600} mb="xs">
        {title}: {side.name}
      </Text>
      <Stack gap={6}>
        <Field label="Local time now">
          <Text size="sm" data-testid={`${testId}-time`}>
            {side.localTime.replace('T', ' ')} ({side.timezone}, {offset(side.utcOffsetMinutes)})
          </Text>
        </Field>
        <Field label="Work week and hours">
          <Text size="sm">
            {side.workdays.map((d) => DAY_NAMES[d]).join(', ')} · {side.hours.start}–{side.hours.end} (
            {side.workWeekSource})
          </Text>
        </Field>
        <Field label="Holiday calendar">
          <Text size="sm">{side.calendar}</Text>
        </Field>
      </Stack>
    </Paper>
  );
}

/**
 * The facts of one side next to ours: the vendor's own (the vendor-level brief) or one of its
 * delivery sites (the same facts, computed by the same server function).
 */
function BriefView({
  brief,
  organisation,
  languages,
}: {
  brief: Omit<SiteBrief, 'siteId'>;
  organisation: Side;
  languages: VendorBrief['languages'];
}) {
  const diff = brief.offsetDifferenceMinutes;
  const slot = brief.meetingSlot;
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <SideCard title="Them" side={brief.vendor} testId="brief-vendor" />
        <SideCard title="Us" side={organisation} testId="brief-organisation" />
      </SimpleGrid>
      <Text size="sm" data-testid="brief-difference">
        {diff === 0
          ? 'Same time as us.'
          : `${brief.vendor.name} is ${hours(Math.abs(diff))} ${diff > 0 ? 'ahead of' : 'behind'} us.`}
      </Text>

      <div>
        <Title order={5} mb="xs">
          Best weekly meeting slot
        </Title>
        <Text size="sm" data-testid="brief-slot">
          {slot
            ? `${DAY_NAMES[slot.weekday]} ${slot.start} (${organisation.timezone}), ${slot.duration} min — works on ${slot.works} of the next ${slot.occurrences} weeks`
            : 'No hour-long slot falls within both sides’ working hours in the next 90 days.'}
        </Text>
      </div>

      <div>
        <Title order={5} mb="xs">
          Days off, {formatDate(brief.holidays.from)} – {formatDate(brief.holidays.to)}
        </Title>
        {brief.holidays.days.length === 0 ? (
          <Text size="sm">No public holidays on either side.</Text>
        ) : (
          <Table data-testid="brief-holidays" striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Date</Table.Th>
                <Table.Th>Them</Table.Th>
                <Table.Th>Us</Table.Th>
                <Table.Th>Off for</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {brief.holidays.days.map((d) => (
                <Table.Tr key={d.date}>
                  <Table.Td>{formatDate(d.date)}</Table.Td>
                  <Table.Td>{d.vendor.join(', ') || '—'}</Table.Td>
                  <Table.Td>{d.organisation.join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    <Badge color={d.offFor === 'both' ? 'gray' : 'orange'} variant="light" tt="none">
                      {d.offFor === 'both' ? 'both' : d.offFor === 'vendor' ? 'them only' : 'us only'}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </div>

      <div>
        <Title order={5} mb="xs">
          Daylight-saving changes until {formatDate(brief.daylightSaving.until)}
        </Title>
        {brief.daylightSaving.changes.length === 0 ? (
          <Text size="sm">Neither side changes its clocks.</Text>
        ) : (
          <Stack gap={4} data-testid="brief-dst">
            {brief.daylightSaving.changes.map((c) => (
              <Text size="sm" key={`${c.side}${c.atUtc}`}>
                {formatDate(c.date)} · {c.side === 'vendor' ? 'them' : 'us'} ({c.timezone}):{' '}
                {offset(c.offsetBeforeMinutes)} → {offset(c.offsetAfterMinutes)}; overlap{' '}
                {hours(c.overlapBeforeMinutes)} → {hours(c.overlapAfterMinutes)} a day
              </Text>
            ))}
          </Stack>
        )}
      </div>

      <div>
        <Title order={5} mb="xs">
          Seasons that reduce capacity
        </Title>
        {brief.seasons.list.length === 0 ? (
          <Text size="sm">None in the next twelve months.</Text>
        ) : (
          <Stack gap={4} data-testid="brief-seasons">
            {brief.seasons.list.map((s) => (
              <Text size="sm" key={`${s.side}${s.season}${s.from}`} title={s.source}>
                <b>{s.name}</b> ({s.side === 'vendor' ? 'them' : 'us'}): {formatDate(s.from)} –{' '}
                {formatDate(s.to)} — {s.reason}
              </Text>
            ))}
          </Stack>
        )}
      </div>

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Field label="Languages">
          <Group gap={6} data-testid="brief-languages">
            {languages.length
              ? languages.map((l) => (
                  <Badge key={l.code} color="gray" variant="outline" tt="none">
                    {l.name}
                  </Badge>
                ))
              : '—'}
          </Group>
        </Field>
        <Field label={`How they write it (${brief.formats.locale})`}>
          <Text size="sm" data-testid="brief-formats">
            {brief.formats.date} · {brief.formats.dateLong} · {brief.formats.number} · {brief.formats.money}
          </Text>
        </Field>
      </SimpleGrid>
    </Stack>
  );
}

/** The vendor's own brief, or one site's, chosen above it when the vendor has delivery sites. */
function BriefChooser({ brief }: { brief: VendorBrief }) {
  const [chosen, setChosen] = useState('vendor');
  const site = brief.sites.find((s) => s.siteId === chosen);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {brief.site}
      </Text>
      {brief.sites.length ? (
        <SegmentedControl
          data-testid="brief-sites"
          aria-label="Whose brief"
          value={site ? chosen : 'vendor'}
          onChange={setChosen}
          data={[
            { value: 'vendor', label: `${brief.vendor.name} (own country)` },
            ...brief.sites.map((s) => ({ value: s.siteId, label: s.vendor.name })),
          ]}
        />
      ) : null}
      <BriefView brief={site ?? brief} organisation={brief.organisation} languages={brief.languages} />
    </Stack>
  );
}

/** The partner brief section of a vendor page: their norms next to ours, for the vendor and each site. */
export function PartnerBrief({ vendorId }: { vendorId: string }) {
  const brief = useVendorBrief(vendorId);
  return (
    <Paper withBorder p="lg" data-testid="partner-brief">
      <Title order={4} mb="md">
        Partner brief
      </Title>
      <QueryState query={brief} what="Partner brief" rows={6}>
        {(b) => <BriefChooser brief={b} />}
      </QueryState>
    </Paper>
  );
}
