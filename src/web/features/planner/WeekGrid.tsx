import { Badge, Paper, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { OverlapDay, OverlapResponse } from '../../../contracts/planner';

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Monday-first weekday index of an ISO date (0 = Monday). */
const weekdayIndex = (date: string) => (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;

/** Days grouped into Monday-to-Sunday weeks, with blanks before the first and after the last. */
function weeks(days: OverlapDay[]): Array<Array<OverlapDay | null>> {
  const out: Array<Array<OverlapDay | null>> = [];
  let week: Array<OverlapDay | null> = Array.from(
    { length: weekdayIndex(days[0]?.date ?? '2000-01-03') },
    () => null,
  );
  for (const day of days) {
    week.push(day);
    if (week.length === 7) {
      out.push(week);
      week = [];
    }
  }
  if (week.length) out.push([...week, ...Array.from({ length: 7 - week.length }, () => null)]);
  return out;
}

const time = (local: string) => local.slice(11, 16);

function DayCell({ day, data }: { day: OverlapDay; data: OverlapResponse }) {
  const name = (id: string) => data.parties.find((p) => p.id === id)?.name ?? id;
  const reference = data.parties[0]!.id;
  return (
    <Stack gap={4} data-testid={`planner-day-${day.date}`}>
      <Text size="xs" c="dimmed">
        {day.date.slice(5)}
      </Text>
      {day.windows.map((w) => (
        <Tooltip
          key={w.startUtc}
          multiline
          label={Object.entries(w.local)
            .map(([id, span]) => `${name(id)}: ${time(span.start)}–${time(span.end)}`)
            .join(' · ')}
        >
          <Badge color="teal" variant="light" size="sm">
            {time(w.local[reference]!.start)}–{time(w.local[reference]!.end)} ({w.minutes} min)
          </Badge>
        </Tooltip>
      ))}
      {day.holidays.map((h) => (
        <Text key={`${h.partyId}-${h.name}`} size="xs" c="orange.8" fw={500}>
          Holiday, {name(h.partyId)}: {h.name}
        </Text>
      ))}
      {day.windows.length === 0 && day.holidays.length === 0 ? (
        <Text size="xs" c="dimmed">
          {day.nonWorking.length ? `Off: ${day.nonWorking.map(name).join(', ')}` : 'No overlap'}
        </Text>
      ) : null}
    </Stack>
  );
}

/** The overlap as a calendar: one row a week, windows in the first party's local time. */
export function WeekGrid({ data }: { data: OverlapResponse }) {
  return (
    <Paper withBorder p="sm">
      <Text size="sm" mb="xs">
        Times in {data.parties[0]!.name}’s time zone ({data.parties[0]!.timezone}); hover a window for every
        party’s local time. {Math.round(data.totalMinutes / 60)} hours of overlap in all.
      </Text>
      <Table withColumnBorders layout="fixed" data-testid="planner-grid">
        <Table.Thead>
          <Table.Tr>
            {DAY_NAMES.map((d) => (
              <Table.Th key={d}>{d}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {weeks(data.days).map((week) => (
            <Table.Tr key={week.find((d) => d)?.date}>
              {week.map((day, i) => (
                <Table.Td key={day?.date ?? `blank-${i}`} style={{ verticalAlign: 'top' }}>
                  {day ? <DayCell day={day} data={data} /> : null}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}
