import {
  Alert,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  NumberInput,
  Paper,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type { HolidayYear } from '../../../contracts/calendars';
import { ApiError } from '../../app/api';
import { useUser } from '../../app/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, LoadingBlock } from '../../components/QueryState';
import {
  useDeleteHolidayCalendar,
  useDeleteHolidayDay,
  useHolidayCalendar,
  useHolidayYear,
  useImportHolidays,
  usePutHolidayDay,
} from './api';

/** Import an .ics or CSV file; a refused file lists its problems by line. */
function ImportCard({ id, year }: { id: string; year: number }) {
  const run = useImportHolidays(id);
  const [file, setFile] = useState<File | null>(null);
  const [years, setYears] = useState(`${year}`);
  const [problems, setProblems] = useState<string[]>([]);
  const submit = async () => {
    if (!file) return;
    const text = await file.text();
    const contentType = /\.csv$/i.test(file.name) ? 'text/csv' : 'text/calendar';
    setProblems([]);
    run.mutate(
      { text, contentType, years },
      {
        onSuccess: (r) =>
          notifySuccess(`Imported ${r.imported} day(s) for ${r.years.join(', ')}; ${r.kept} kept by hand.`),
        onError: (e) => {
          if (e instanceof ApiError && e.errors.length)
            setProblems(e.errors.map((p) => `${p.line ? `line ${p.line}: ` : ''}${p.field} ${p.message}`));
          else notifyError(e);
        },
      },
    );
  };
  return (
    <Paper withBorder p="lg" aria-label="Import holidays">
      <Title order={5} mb="sm">
        Import an .ics or CSV file
      </Title>
      <Group align="flex-end" wrap="wrap">
        <FileInput
          label="File"
          placeholder="holidays.ics or holidays.csv (date,name)"
          accept=".ics,.csv,text/calendar,text/csv"
          value={file}
          onChange={setFile}
          data-testid="calendar-file"
        />
        <TextInput label="Years" value={years} onChange={(e) => setYears(e.currentTarget.value)} w={140} />
        <Button onClick={submit} disabled={!file} loading={run.isPending}>
          Import
        </Button>
      </Group>
      {problems.length ? (
        <Alert
          color="red"
          mt="sm"
          title="The file was not imported; nothing changed"
          data-testid="import-problems"
        >
          <List size="sm">
            {problems.map((p) => (
              <List.Item key={p}>{p}</List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
    </Paper>
  );
}

/** Add a day off by hand. */
function AddDay({ id }: { id: string }) {
  const put = usePutHolidayDay(id);
  const [date, setDate] = useState('');
  const [name, setName] = useState('');
  return (
    <Paper withBorder p="lg" aria-label="Add a day off">
      <Title order={5} mb="sm">
        Add a day off
      </Title>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Date" type="date" value={date} onChange={(e) => setDate(e.currentTarget.value)} />
        <TextInput label="Name" value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Button
          disabled={!date || !name.trim()}
          loading={put.isPending}
          onClick={() =>
            put.mutate(
              { date, body: { kind: 'added', name: name.trim() } },
              { onSuccess: () => setName(''), onError: (e) => notifyError(e) },
            )
          }
        >
          Add
        </Button>
      </Group>
    </Paper>
  );
}

function DaysTable({ id, data, canKeep }: { id: string; data: HolidayYear; canKeep: boolean }) {
  const put = usePutHolidayDay(id);
  const undo = useDeleteHolidayDay(id);
  if (data.days.length === 0) return <Text c="dimmed">No days off in {data.year}.</Text>;
  return (
    <Table striped withTableBorder data-testid="calendar-days">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Date</Table.Th>
          <Table.Th>Name</Table.Th>
          <Table.Th>From</Table.Th>
          {canKeep ? <Table.Th /> : null}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {data.days.map((d) => (
          <Table.Tr
            key={`${d.date}-${d.origin}-${d.name}`}
            style={d.removed ? { textDecoration: 'line-through' } : undefined}
          >
            <Table.Td>{d.date}</Table.Td>
            <Table.Td>{d.name}</Table.Td>
            <Table.Td>
              <Badge variant="light" color={d.origin === 'national' ? 'gray' : 'teal'}>
                {d.origin === 'national'
                  ? d.removed
                    ? 'national, worked'
                    : 'national'
                  : (d.source ?? 'calendar')}
              </Badge>
            </Table.Td>
            {canKeep ? (
              <Table.Td>
                {d.origin === 'national' && !d.removed ? (
                  <Button
                    size="xs"
                    variant="subtle"
                    onClick={() =>
                      put.mutate(
                        { date: d.date, body: { kind: 'removed' } },
                        { onError: (e) => notifyError(e) },
                      )
                    }
                  >
                    Works this day
                  </Button>
                ) : (
                  <Button
                    size="xs"
                    variant="subtle"
                    color="red"
                    onClick={() => undo.mutate(d.date, { onError: (e) => notifyError(e) })}
                  >
                    {d.removed ? 'Off again' : 'Remove'}
                  </Button>
                )}
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** One holiday calendar: its days of a year, import, add and remove days. */
export function CalendarPage() {
  const { id = '' } = useParams();
  const user = useUser();
  const navigate = useNavigate();
  const [year, setYear] = useState(new Date().getFullYear());
  const calendar = useHolidayCalendar(id);
  const days = useHolidayYear(id, year);
  const remove = useDeleteHolidayCalendar();
  const canKeep = user.role !== 'viewer' && user.role !== 'auditor';
  if (calendar.isPending) return <LoadingBlock />;
  if (calendar.error) return <LoadError error={calendar.error} what="the holiday calendar" />;
  const c = calendar.data;
  return (
    <>
      <PageHeader title={c.name} description={c.label} />
      <Stack gap="md">
        <Group align="flex-end">
          <NumberInput
            label="Year"
            value={year}
            min={1970}
            max={2200}
            onChange={(v) => setYear(Number(v) || year)}
            w={120}
          />
          {canKeep ? (
            <ConfirmButton
              label="Delete calendar"
              confirmLabel="Delete it and its days"
              loading={remove.isPending}
              onConfirm={() => remove.mutate(id, { onSuccess: () => navigate('/calendars') })}
            />
          ) : null}
        </Group>
        {days.isPending ? (
          <LoadingBlock />
        ) : days.error ? (
          <LoadError error={days.error} what="the days" onRetry={() => days.refetch()} />
        ) : (
          <>
            <Text size="sm" data-testid="calendar-label">
              {days.data.calendars}
            </Text>
            <DaysTable id={id} data={days.data} canKeep={canKeep} />
          </>
        )}
        {canKeep ? (
          <>
            <ImportCard key={year} id={id} year={year} />
            <AddDay id={id} />
          </>
        ) : null}
      </Stack>
    </>
  );
}
