import {
  Badge,
  Button,
  FileInput,
  Group,
  NumberInput,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  type ListFormat,
  type ListSource,
  type ScreeningSettings,
  SOURCE_FORMATS,
} from '../../../contracts/screening';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { notifyError, notifySuccess } from '../../components/form-errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import {
  useFetchNow,
  useLists,
  useLoadList,
  useSaveScreeningSettings,
  useScreeningSettings,
  useVersions,
} from './api';

const FORMAT_LABELS: Record<ListFormat, string> = {
  ofac_csv: 'OFAC CSV (sdn.csv, alt.csv, add.csv)',
  eu_xml: 'EU XML',
  eu_csv: 'EU CSV',
  un_xml: 'UN XML',
  uk_csv: 'UK CSV',
};

const when = (iso: string) => new Date(iso).toLocaleString();

/** Upload an official file as a new version of one source. */
function Upload({ source }: { source: ListSource }) {
  const formats = SOURCE_FORMATS[source];
  const [format, setFormat] = useState<ListFormat>(formats[0]!);
  const [main, setMain] = useState<File | null>(null);
  const [alt, setAlt] = useState<File | null>(null);
  const [add, setAdd] = useState<File | null>(null);
  const [publishedOn, setPublishedOn] = useState('');
  const load = useLoadList();
  const ofac = format === 'ofac_csv';
  async function submit() {
    if (!main) return;
    const files = {
      main: await main.text(),
      ...(ofac && alt ? { alt: await alt.text() } : {}),
      ...(ofac && add ? { add: await add.text() } : {}),
    };
    load.mutate(
      {
        source,
        body: {
          format,
          files,
          fileNames: [main, alt, add].filter((f): f is File => !!f).map((f) => f.name),
          ...(publishedOn ? { publishedOn } : {}),
        },
      },
      {
        onSuccess: (r) =>
          notifySuccess(
            `Loaded ${r.version.entryCount} entries published ${r.version.publishedAt}; ${r.screened.vendors} vendors screened, ${r.screened.newHits} new hits.`,
          ),
        onError: (e) => notifyError(e, 'The file was not loaded'),
      },
    );
  }
  return (
    <Stack gap="xs">
      {formats.length > 1 ? (
        <Select
          label="Format"
          data={formats.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
          value={format}
          allowDeselect={false}
          onChange={(v) => v && setFormat(v as ListFormat)}
        />
      ) : null}
      <FileInput label={ofac ? 'sdn.csv' : 'File'} value={main} onChange={setMain} clearable />
      {ofac ? (
        <>
          <FileInput label="alt.csv (aliases)" value={alt} onChange={setAlt} clearable />
          <FileInput label="add.csv (addresses)" value={add} onChange={setAdd} clearable />
          <TextInput
            label="Publication date"
            description="OFAC’s CSV files carry no date of their own"
            placeholder="YYYY-MM-DD"
            value={publishedOn}
            onChange={(e) => setPublishedOn(e.currentTarget.value)}
          />
        </>
      ) : null}
      <Group>
        <Button size="xs" onClick={submit} disabled={!main} loading={load.isPending}>
          Load as new version
        </Button>
      </Group>
    </Stack>
  );
}

/** The threshold and each source's schedule (administrators change them). */
function SettingsForm({ admin }: { admin: boolean }) {
  const query = useScreeningSettings();
  const save = useSaveScreeningSettings();
  const [draft, setDraft] = useState<ScreeningSettings | null>(null);
  useEffect(() => {
    if (query.data) setDraft(query.data);
  }, [query.data]);
  if (!draft) return null;
  const set = (source: ListSource, patch: Partial<ScreeningSettings['schedules'][ListSource]>) =>
    setDraft({
      ...draft,
      schedules: { ...draft.schedules, [source]: { ...draft.schedules[source], ...patch } },
    });
  return (
    <Paper withBorder p="lg">
      <Title order={4} mb="xs">
        Threshold and schedules
      </Title>
      <Stack>
        <NumberInput
          label="Match threshold"
          description="Scores at or above it become hits to review (0.70–1.00; default 0.90)"
          min={0.7}
          max={1}
          step={0.01}
          decimalScale={2}
          disabled={!admin}
          value={draft.threshold}
          onChange={(v) => setDraft({ ...draft, threshold: Number(v) })}
          w={260}
        />
        {(Object.keys(draft.schedules) as ListSource[]).map((source) => {
          const s = draft.schedules[source];
          return (
            <Group key={source} align="flex-end" wrap="wrap">
              <Switch
                label={`Fetch ${source.toUpperCase().replace('_', ' ')}`}
                checked={s.enabled}
                disabled={!admin}
                onChange={(e) => set(source, { enabled: e.currentTarget.checked })}
              />
              <TextInput
                label="URL"
                w={360}
                disabled={!admin}
                value={s.url ?? ''}
                onChange={(e) => set(source, { url: e.currentTarget.value || null })}
              />
              <NumberInput
                label="Every (hours)"
                w={120}
                min={1}
                disabled={!admin}
                value={s.everyHours}
                onChange={(v) => set(source, { everyHours: Number(v) })}
              />
            </Group>
          );
        })}
        {admin ? (
          <Group>
            <Button
              size="xs"
              loading={save.isPending}
              onClick={() =>
                save.mutate(draft, {
                  onSuccess: () => notifySuccess('Screening settings saved.'),
                  onError: (e) => notifyError(e, 'The settings were not saved'),
                })
              }
            >
              Save settings
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}

export function ListsPage() {
  const user = useUser();
  const admin = permissions.manageSanctionsLists(user);
  const lists = useLists();
  const versions = useVersions();
  const fetchNow = useFetchNow();
  return (
    <>
      <PageHeader
        title="Sanctions lists"
        description="The official lists vendors, contacts and sub-processors are screened against; each load is a version dated by the file."
        actions={
          <Button component={Link} to="/screening/hits" variant="light">
            Hits to review
          </Button>
        }
      />
      <Stack>
        <QueryState query={lists} what="the lists">
          {(data) => (
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              {data.lists.map((l) => (
                <Paper key={l.source} withBorder p="lg" data-testid={`list-${l.source}`}>
                  <Group justify="space-between" mb="xs">
                    <Title order={4}>{l.label}</Title>
                    {l.current ? (
                      <Badge color="green">{l.current.entryCount} entries</Badge>
                    ) : (
                      <Badge color="gray">Not loaded</Badge>
                    )}
                  </Group>
                  {l.current ? (
                    <Text size="sm">
                      Published {l.current.publishedAt}; loaded {when(l.current.loadedAt)} by{' '}
                      {l.current.loadedBy} ({l.current.via})
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      No version yet: upload the official file or set a URL to fetch.
                    </Text>
                  )}
                  {l.lastFetch ? (
                    <Text size="sm" c={l.lastFetch.error ? 'red' : 'dimmed'}>
                      Last fetch {when(l.lastFetch.attemptedAt)}: {l.lastFetch.error ?? 'ok'}
                    </Text>
                  ) : null}
                  {admin ? (
                    <Stack mt="sm" gap="xs">
                      <Upload source={l.source} />
                      {l.schedule.url ? (
                        <Group>
                          <Button
                            size="xs"
                            variant="default"
                            loading={fetchNow.isPending}
                            onClick={() =>
                              fetchNow.mutate(l.source, {
                                onError: (e) => notifyError(e, 'The fetch failed'),
                              })
                            }
                          >
                            Fetch now
                          </Button>
                        </Group>
                      ) : null}
                    </Stack>
                  ) : null}
                </Paper>
              ))}
            </SimpleGrid>
          )}
        </QueryState>
        <SettingsForm admin={admin} />
        <Paper withBorder p="lg">
          <Title order={4} mb="xs">
            Versions
          </Title>
          <QueryState query={versions} what="the versions">
            {(page) =>
              page.items.length ? (
                <Table data-testid="versions">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>List</Table.Th>
                      <Table.Th>Published</Table.Th>
                      <Table.Th>Entries</Table.Th>
                      <Table.Th>Loaded</Table.Th>
                      <Table.Th>Files</Table.Th>
                      <Table.Th>Current</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {page.items.map((v) => (
                      <Table.Tr key={v.id}>
                        <Table.Td>{v.source}</Table.Td>
                        <Table.Td>{v.publishedAt}</Table.Td>
                        <Table.Td>{v.entryCount}</Table.Td>
                        <Table.Td>
                          {when(v.loadedAt)} ({v.via}, {v.loadedBy})
                        </Table.Td>
                        <Table.Td>{v.fileNames.join(', ')}</Table.Td>
                        <Table.Td>{v.current ? 'yes' : ''}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              ) : (
                <Text size="sm" c="dimmed">
                  No list loaded yet.
                </Text>
              )
            }
          </QueryState>
        </Paper>
      </Stack>
    </>
  );
}
