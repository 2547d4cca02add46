import {
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import { MEETING_KINDS } from '../../../contracts/meetings';
import { WEEKDAYS, type Weekday } from '../../../contracts/planner';
import { ApiError } from '../../app/api';
import { notifyError } from '../../components/form-errors';
import { errorMessage } from '../../components/QueryState';
import { suggestSlot, useCreateSeries, usePeople } from './api';

export const KIND_LABELS: Record<(typeof MEETING_KINDS)[number], string> = {
  weekly_operations: 'Weekly operations',
  monthly_service_review: 'Monthly service review',
  quarterly_business_review: 'Quarterly business review',
  other: 'Other',
};
const DAY_LABELS: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** The API's field errors by field (`attendees.0.id` shows on attendees); anything else notifies. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError) || error.errors.length === 0) {
    notifyError(error);
    return {};
  }
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const key = e.field.startsWith('recurrence.') ? e.field : (e.field.split('.')[0] ?? e.field);
    out[key] ??= e.message;
  }
  return out;
}

/** A new meeting series: recurrence, local time in the organiser's zone, attendees from both sides. */
export function SeriesForm({
  engagementId,
  vendorId,
  onCreated,
  onCancel,
}: {
  engagementId: string;
  vendorId: string;
  onCreated: (id: string) => void;
  onCancel: () => void;
}) {
  const people = usePeople(engagementId, true);
  const create = useCreateSeries(engagementId);
  const [title, setTitle] = useState('');
  const [kind, setKind] = useState<string>('weekly_operations');
  const [frequency, setFrequency] = useState<'weekly' | 'monthly' | 'quarterly'>('weekly');
  const [weekday, setWeekday] = useState<Weekday>('mon');
  const [nth, setNth] = useState('1');
  const [startDate, setStartDate] = useState(iso(new Date()));
  const [startTime, setStartTime] = useState('09:00');
  const [duration, setDuration] = useState<number>(45);
  const [timezone, setTimezone] = useState(Intl.DateTimeFormat().resolvedOptions().timeZone);
  const [attendees, setAttendees] = useState<string[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [hint, setHint] = useState<string | null>(null);
  const [suggesting, setSuggesting] = useState(false);

  const options = [
    {
      group: 'Our side',
      items: (people.data?.users ?? []).map((u) => ({ value: `user:${u.id}`, label: u.name })),
    },
    {
      group: 'Vendor contacts',
      items: (people.data?.vendorContacts ?? []).map((c) => ({ value: `contact:${c.id}`, label: c.name })),
    },
  ];

  async function suggest() {
    setSuggesting(true);
    setHint(null);
    try {
      const from = new Date();
      const to = new Date(from.getTime() + 84 * 86_400_000);
      const res = await suggestSlot(vendorId, iso(from), iso(to), duration);
      if (!res.slot) setHint('No weekly slot works for both sides in the next 12 weeks.');
      else {
        setFrequency('weekly');
        setWeekday(res.slot.weekday);
        setStartTime(res.slot.start);
        setTimezone(res.parties[0]?.timezone ?? timezone);
        setHint(
          `Suggested: ${DAY_LABELS[res.slot.weekday]} ${res.slot.start} (${res.parties[0]?.timezone}), works on ${res.slot.works} of ${res.slot.occurrences} weeks.`,
        );
      }
    } catch (error) {
      setHint(errorMessage(error));
    } finally {
      setSuggesting(false);
    }
  }

  const recurrence =
    frequency === 'weekly'
      ? { frequency, weekday }
      : nth === 'day'
        ? { frequency, dayOfMonth: Number(startDate.slice(8, 10)) }
        : { frequency, nth: Number(nth) as 1 | 2 | 3 | 4 | -1, weekday };

  return (
    <Paper withBorder p="md" data-testid="series-form">
      <Stack gap="sm">
        <TextInput
          label="Title"
          required
          value={title}
          error={errors.title}
          onChange={(e) => setTitle(e.currentTarget.value)}
        />
        <Group grow>
          <Select
            label="Kind"
            value={kind}
            onChange={(v) => setKind(v ?? 'other')}
            data={MEETING_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] }))}
          />
          <Select
            label="Repeats"
            value={frequency}
            onChange={(v) => setFrequency((v as typeof frequency) ?? 'weekly')}
            data={[
              { value: 'weekly', label: 'Weekly' },
              { value: 'monthly', label: 'Monthly' },
              { value: 'quarterly', label: 'Quarterly' },
            ]}
          />
        </Group>
        <Group grow>
          {frequency !== 'weekly' ? (
            <Select
              label="On the"
              value={nth}
              onChange={(v) => setNth(v ?? '1')}
              data={[
                { value: '1', label: 'First' },
                { value: '2', label: 'Second' },
                { value: '3', label: 'Third' },
                { value: '4', label: 'Fourth' },
                { value: '-1', label: 'Last' },
                { value: 'day', label: 'Same day of the month as the start date' },
              ]}
            />
          ) : null}
          {frequency === 'weekly' || nth !== 'day' ? (
            <Select
              label="Weekday"
              value={weekday}
              onChange={(v) => setWeekday((v as Weekday) ?? 'mon')}
              data={WEEKDAYS.map((d) => ({ value: d, label: DAY_LABELS[d] }))}
              error={errors['recurrence.weekday']}
            />
          ) : null}
        </Group>
        <Group grow>
          <TextInput
            label="Starts on"
            type="date"
            value={startDate}
            error={errors.startDate}
            onChange={(e) => setStartDate(e.currentTarget.value)}
          />
          <TextInput
            label="Local start time"
            type="time"
            value={startTime}
            error={errors.startTime}
            onChange={(e) => setStartTime(e.currentTarget.value)}
          />
          <NumberInput
            label="Minutes"
            min={5}
            max={600}
            value={duration}
            error={errors.durationMinutes}
            onChange={(v) => setDuration(Number(v) || 0)}
          />
        </Group>
        <TextInput
          label="Time zone (the organiser's)"
          value={timezone}
          error={errors.timezone}
          onChange={(e) => setTimezone(e.currentTarget.value)}
        />
        <Group>
          <Button variant="light" size="xs" loading={suggesting} onClick={suggest}>
            Suggest a slot
          </Button>
          {hint ? (
            <Text size="sm" c="dimmed" data-testid="slot-hint">
              {hint}
            </Text>
          ) : null}
        </Group>
        <MultiSelect
          label="Attendees"
          searchable
          data={options}
          value={attendees}
          onChange={setAttendees}
          error={errors.attendees ?? (people.error ? errorMessage(people.error) : undefined)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button
            loading={create.isPending}
            onClick={() =>
              create.mutate(
                {
                  title,
                  kind: kind as (typeof MEETING_KINDS)[number],
                  recurrence,
                  startDate,
                  startTime,
                  durationMinutes: duration,
                  timezone,
                  attendees: attendees.map((a) => {
                    const [type, id] = a.split(':') as ['user' | 'contact', string];
                    return { type, id };
                  }),
                },
                {
                  onSuccess: (s) => onCreated(s.id),
                  onError: (error) => setErrors(fieldErrors(error)),
                },
              )
            }
          >
            Create series
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
