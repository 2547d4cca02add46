import {
  Alert,
  Button,
  FileButton,
  Group,
  List,
  NumberInput,
  Paper,
  Progress,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { ApiError, apiUrl, currentCsrfToken, type FieldError } from '../../../app/api';
import { notifySuccess } from '../../../components/form-errors';
import { checkMeasurementCsv, useAddMeasurements, useMeasurementsImported, useSowKpis } from '../api';

interface Row {
  kpiId: string | null;
  at: string;
  value: number | string;
  numerator: number | string;
  denominator: number | string;
}
const emptyRow = (): Row => ({ kpiId: null, at: '', value: '', numerator: '', denominator: '' });
const num = (v: number | string) => (v === '' ? null : Number(v));

/** A few values by hand: KPI, when, and the value (or a ratio's parts). The server checks each. */
function ValuesForm({ engagementId }: { engagementId: string }) {
  const kpis = useSowKpis(engagementId);
  const add = useAddMeasurements(engagementId);
  const [rows, setRows] = useState<Row[]>([emptyRow()]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const byId = new Map((kpis.data ?? []).map((k) => [k.id, k]));
  const set = (i: number, change: Partial<Row>) =>
    setRows((r) => r.map((row, n) => (n === i ? { ...row, ...change } : row)));
  const errorAt = (i: number) =>
    errors
      .filter((e) => e.field?.startsWith(`items[${i}]`) || e.field?.startsWith(`items.${i}`))
      .map((e) => `${e.field?.replace(/^items[.[]\d+\]?\.?/, '') || 'row'} ${e.message}`);
  const submit = () => {
    setErrors([]);
    const items = rows.map((r) => {
      const ratio = r.kpiId ? byId.get(r.kpiId)?.aggregation === 'ratio' : false;
      const at = r.at ? new Date(r.at).toISOString() : '';
      return ratio
        ? { kpiId: r.kpiId ?? '', at, numerator: num(r.numerator), denominator: num(r.denominator) }
        : { kpiId: r.kpiId ?? '', at, value: num(r.value) };
    });
    add.mutate(items, {
      onSuccess: (res) => {
        notifySuccess(`${res.inserted} measurement${res.inserted === 1 ? '' : 's'} added.`);
        setRows([emptyRow()]);
      },
      onError: (e) =>
        setErrors(
          e instanceof ApiError && e.errors.length
            ? e.errors
            : [{ field: '', message: e instanceof Error ? e.message : 'failed' }],
        ),
    });
  };
  if (kpis.data && kpis.data.length === 0)
    return (
      <Text size="sm">Measurements are entered once the statement of work with its KPIs is approved.</Text>
    );
  return (
    <Stack gap="xs" data-testid="measurement-form">
      {rows.map((r, i) => {
        const ratio = r.kpiId ? byId.get(r.kpiId)?.aggregation === 'ratio' : false;
        const problems = errorAt(i);
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id until saved
          <Stack key={i} gap={2}>
            <Group align="flex-end" gap="xs" wrap="wrap">
              <Select
                size="xs"
                label={i === 0 ? 'KPI' : undefined}
                aria-label={`KPI of measurement ${i + 1}`}
                data={(kpis.data ?? []).map((k) => ({
                  value: k.id,
                  label: k.unit ? `${k.name} (${k.unit})` : k.name,
                }))}
                value={r.kpiId}
                onChange={(v) => set(i, { kpiId: v })}
                w={240}
              />
              <TextInput
                size="xs"
                type="datetime-local"
                label={i === 0 ? 'When' : undefined}
                aria-label={`When measurement ${i + 1} was taken`}
                value={r.at}
                onChange={(e) => set(i, { at: e.currentTarget.value })}
              />
              {ratio ? (
                <>
                  <NumberInput
                    size="xs"
                    w={110}
                    label={i === 0 ? 'Met' : undefined}
                    aria-label={`Numerator of measurement ${i + 1}`}
                    value={r.numerator}
                    onChange={(v) => set(i, { numerator: v })}
                  />
                  <NumberInput
                    size="xs"
                    w={110}
                    label={i === 0 ? 'Out of' : undefined}
                    aria-label={`Denominator of measurement ${i + 1}`}
                    value={r.denominator}
                    onChange={(v) => set(i, { denominator: v })}
                  />
                </>
              ) : (
                <NumberInput
                  size="xs"
                  w={130}
                  label={i === 0 ? 'Value' : undefined}
                  aria-label={`Value of measurement ${i + 1}`}
                  value={r.value}
                  onChange={(v) => set(i, { value: v })}
                />
              )}
            </Group>
            {problems.length ? (
              <Text size="xs" c="red" data-testid="measurement-error">
                {problems.join('; ')}
              </Text>
            ) : null}
          </Stack>
        );
      })}
      {errors.some((e) => !e.field?.startsWith('items')) ? (
        <Text size="xs" c="red">
          {errors.filter((e) => !e.field?.startsWith('items')).map((e) => e.message)}
        </Text>
      ) : null}
      <Group gap="xs">
        <Button
          size="xs"
          variant="default"
          disabled={rows.length >= 10}
          onClick={() => setRows((r) => [...r, emptyRow()])}
        >
          Add a row
        </Button>
        <Button size="xs" loading={add.isPending} onClick={submit}>
          Save measurements
        </Button>
      </Group>
    </Stack>
  );
}

/** Upload with progress: XMLHttpRequest reports the bytes sent, fetch does not. */
function upload(text: string, onProgress: (pct: number) => void): Promise<{ inserted: number }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', apiUrl('/measurements/import'));
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.setRequestHeader('accept', 'application/json');
    const token = currentCsrfToken();
    if (token) xhr.setRequestHeader('x-csrf-token', token);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    xhr.onerror = () =>
      reject(new ApiError(0, 'Outpost cannot be reached. Check your connection and try again.'));
    xhr.onload = () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status === 201) resolve(body as { inserted: number });
      else
        reject(
          new ApiError(
            xhr.status,
            typeof body.detail === 'string' ? body.detail : `The server answered ${xhr.status}`,
            Array.isArray(body.errors) ? (body.errors as FieldError[]) : [],
            body,
          ),
        );
    };
    xhr.send(text);
  });
}

const PREVIEW_ROWS = 5;

/** A CSV file: preview its first rows, let the server check all of them, then import all or nothing. */
function CsvUpload({ engagementId }: { engagementId: string }) {
  const imported = useMeasurementsImported(engagementId);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [checked, setChecked] = useState<number | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [detail, setDetail] = useState('');
  const [busy, setBusy] = useState<'checking' | 'importing' | null>(null);
  const [progress, setProgress] = useState(0);

  const failed = (e: unknown) => {
    setErrors(e instanceof ApiError ? e.errors : []);
    setDetail(e instanceof Error ? e.message : 'The file could not be checked.');
  };
  const choose = async (f: File | null) => {
    setChecked(null);
    setErrors([]);
    setDetail('');
    if (!f) return setFile(null);
    const text = await f.text();
    setFile({ name: f.name, text });
    setBusy('checking');
    try {
      setChecked((await checkMeasurementCsv(text)).checked);
    } catch (e) {
      failed(e);
    } finally {
      setBusy(null);
    }
  };
  const lines = file
    ? file.text
        .replace(/^\uFEFF/, '')
        .split(/\r?\n/)
        .filter((l) => l !== '')
    : [];
  const header = lines[0]?.split(',') ?? [];
  return (
    <Stack gap="xs" data-testid="measurement-csv">
      <Text size="xs" c="dimmed">
        A header line, then one measurement per line:
        engagement,kpi,at,value,numerator,denominator,source,external_id (kpi is the KPI's id or exact name;
        at an ISO date and time). Nothing is written until the whole file is good.
      </Text>
      <Group gap="xs">
        <FileButton onChange={(f) => void choose(f)} accept=".csv,text/csv">
          {(props) => (
            <Button size="xs" variant="default" {...props}>
              Choose a CSV file
            </Button>
          )}
        </FileButton>
        {file ? <Text size="sm">{file.name}</Text> : null}
      </Group>
      {file ? (
        <Table withTableBorder fz="xs" data-testid="csv-preview">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Line</Table.Th>
              {header.map((h) => (
                <Table.Th key={h}>{h}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.slice(1, PREVIEW_ROWS + 1).map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the line number is the identity
              <Table.Tr key={i}>
                <Table.Td>{i + 2}</Table.Td>
                {l.split(',').map((c, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns by position
                  <Table.Td key={j}>{c}</Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {busy ? <Progress value={busy === 'checking' ? 100 : progress} animated={busy === 'checking'} /> : null}
      {detail ? (
        <Alert color="red" variant="light" title={detail} data-testid="csv-errors">
          <List size="xs">
            {errors.map((e) => (
              <List.Item key={`${e.line}:${e.field}:${e.message}`}>
                {e.line ? `Line ${e.line}: ` : ''}
                {e.field} {e.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {checked !== null && file ? (
        <Group gap="xs">
          <Text size="sm" data-testid="csv-checked">
            All {checked} row{checked === 1 ? '' : 's'} are good.
          </Text>
          <Button
            size="xs"
            loading={busy === 'importing'}
            onClick={async () => {
              setBusy('importing');
              setProgress(0);
              try {
                const res = await upload(file.text, setProgress);
                notifySuccess(`${res.inserted} measurement${res.inserted === 1 ? '' : 's'} imported.`);
                setFile(null);
                setChecked(null);
                await imported();
              } catch (e) {
                failed(e);
              } finally {
                setBusy(null);
              }
            }}
          >
            Import {checked} row{checked === 1 ? '' : 's'}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** Enter SLA measurements from the page: a few values, or a CSV file checked before it is written. */
export function MeasurementEntry({ engagementId }: { engagementId: string }) {
  return (
    <Paper withBorder p="md" radius="md" data-testid="measurement-entry">
      <Title order={4} mb="xs">
        Add measurements
      </Title>
      <Tabs defaultValue="values">
        <Tabs.List>
          <Tabs.Tab value="values">Enter values</Tabs.Tab>
          <Tabs.Tab value="csv">Upload a CSV file</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="values" pt="sm">
          <ValuesForm engagementId={engagementId} />
        </Tabs.Panel>
        <Tabs.Panel value="csv" pt="sm">
          <CsvUpload engagementId={engagementId} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
