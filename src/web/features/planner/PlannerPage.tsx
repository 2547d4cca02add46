import { Alert, Button, Group, List, NumberInput, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { OverlapResponse, RecurringSlotResponse } from '../../../contracts/planner';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, LoadingBlock } from '../../components/QueryState';
import { formatInstant } from '../../components/reference-data';
import { type PlannerRequest, useOverlap, useRecurringSlot } from './api';
import { type DraftParty, PartyList, toInput } from './PartyList';
import { WeekGrid } from './WeekGrid';

const today = () => new Date().toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

function SlotCard({ data }: { data: RecurringSlotResponse }) {
  const { slot, parties } = data;
  if (!slot)
    return (
      <Alert color="orange" title="No weekly slot works">
        No time of any weekday works for every party on any date of the range. Widen the hours or the range.
      </Alert>
    );
  return (
    <Paper withBorder p="md" data-testid="planner-slot">
      <Title order={4}>Suggested weekly slot</Title>
      <Text>
        Every <b>{slot.weekday}</b> at <b>{slot.start}</b> ({parties[0]!.timezone}) for {slot.duration}{' '}
        minutes — works on {slot.works} of {slot.occurrences} dates.
      </Text>
      <List size="sm" mt="xs">
        {parties.map((p) => (
          <List.Item key={p.id}>
            {p.name}: {slot.local[p.id]?.weekday} {slot.local[p.id]?.start} ({p.timezone})
          </List.Item>
        ))}
      </List>
      <Text size="xs" c="dimmed" mt="xs">
        First meeting {formatInstant(slot.firstUtc)} in your own time zone; local times of other parties shift
        when daylight saving changes.
      </Text>
      {slot.failures.length ? (
        <>
          <Text fw={500} mt="sm">
            Dates it fails
          </Text>
          <List size="sm">
            {slot.failures.map((f) => (
              <List.Item key={f.date}>
                {f.date}: {f.reasons.join('; ')}
              </List.Item>
            ))}
          </List>
        </>
      ) : null}
    </Paper>
  );
}

/** Which holiday calendar each party's days came from ("India national + Acme Bangalore 2027"). */
function CalendarsUsed({ data }: { data: OverlapResponse }) {
  const names = new Map(data.parties.map((p) => [p.id, p.name]));
  return (
    <Paper withBorder p="md" data-testid="planner-calendars">
      <Title order={5}>Holiday calendars used</Title>
      <List size="sm">
        {data.calendars.map((c) => (
          <List.Item key={c.partyId}>
            {names.get(c.partyId) ?? c.partyId}: {c.label}
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** Find when the organisation and its vendors are all at work, and a weekly meeting slot. */
export function PlannerPage() {
  const [parties, setParties] = useState<DraftParty[]>([
    { key: 'org', label: 'Our organisation', input: { id: 'org' }, start: '', end: '' },
  ]);
  const [from, setFrom] = useState(today());
  const [to, setTo] = useState(inDays(27));
  const [duration, setDuration] = useState<number>(60);
  const [request, setRequest] = useState<PlannerRequest | null>(null);
  const overlap = useOverlap(request);
  const slot = useRecurringSlot(request);

  return (
    <>
      <PageHeader
        title="Planner"
        description="When all parties are at work: time zones, work weeks, public holidays and daylight saving, date by date."
      />
      <Stack gap="md">
        <PartyList parties={parties} onChange={setParties} />
        <Group align="flex-end" wrap="wrap">
          <TextInput label="From" type="date" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
          <TextInput label="To" type="date" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
          <NumberInput
            label="Meeting length (minutes)"
            min={15}
            max={480}
            step={15}
            value={duration}
            onChange={(v) => setDuration(Number(v) || 60)}
          />
          <Button
            disabled={parties.length === 0}
            onClick={() => setRequest({ from, to, duration, parties: parties.map(toInput) })}
          >
            Show overlap
          </Button>
        </Group>
        {request === null ? (
          <EmptyState title="Pick the parties and a date range" testId="planner-empty">
            Add vendors or ad-hoc parties next to your organisation, then choose Show overlap.
          </EmptyState>
        ) : overlap.isPending || slot.isPending ? (
          <LoadingBlock />
        ) : overlap.error || !overlap.data ? (
          <LoadError error={overlap.error} what="the overlap" onRetry={() => overlap.refetch()} />
        ) : (
          <>
            {slot.data ? <SlotCard data={slot.data} /> : null}
            <WeekGrid data={overlap.data} />
            <CalendarsUsed data={overlap.data} />
          </>
        )}
      </Stack>
    </>
  );
}
