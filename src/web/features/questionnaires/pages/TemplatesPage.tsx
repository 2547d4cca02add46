import {
  Alert,
  Anchor,
  Button,
  FileInput,
  Group,
  List,
  Menu,
  Modal,
  SegmentedControl,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { ModalActions } from '../../../components/ActionModal';
import { EmptyState } from '../../../components/EmptyState';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { PlusIcon } from '../../../components/icons';
import {
  FilterBar,
  ListTable,
  PagedList,
  SearchInput,
  useDebouncedSearch,
} from '../../../components/ListPage';
import { PageHeader } from '../../../components/PageHeader';
import { useCursorPager } from '../../../components/Pager';
import { errorMessage } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { type Starter, useImportTemplate, useStarter, useTemplates } from '../api';
import { originLabel } from '../components/labels';

const STARTERS: Array<{ key: Starter; label: string }> = [
  { key: 'information_security', label: 'Information security' },
  { key: 'privacy', label: 'Privacy' },
  { key: 'business_continuity', label: 'Business continuity' },
];

function ImportModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const importer = useImportTemplate();
  const [format, setFormat] = useState<'outpost' | 'vsaq'>('outpost');
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<{ id: string; name: string; warnings: string[] } | null>(null);
  const close = () => {
    setResult(null);
    setFile(null);
    importer.reset();
    onClose();
  };
  const submit = async () => {
    if (!file) return;
    const text = await file.text();
    importer.mutate(
      { format, text },
      {
        onSuccess: ({ template, warnings }) => {
          if (warnings.length === 0) {
            notifySuccess(`Imported “${template.name}”`);
            close();
            navigate(`/questionnaires/${template.id}`);
          } else setResult({ id: template.id, name: template.name, warnings });
        },
      },
    );
  };
  return (
    <Modal opened={opened} onClose={close} title="Import a questionnaire" size="lg">
      {result ? (
        <Stack>
          <Alert color="yellow" title={`Imported “${result.name}” with ${result.warnings.length} warning(s)`}>
            <List size="sm" data-testid="import-warnings">
              {result.warnings.map((w) => (
                <List.Item key={w}>{w}</List.Item>
              ))}
            </List>
          </Alert>
          <Group justify="flex-end">
            <Button
              onClick={() => {
                const id = result.id;
                close();
                navigate(`/questionnaires/${id}`);
              }}
            >
              Open the template
            </Button>
          </Group>
        </Stack>
      ) : (
        <Stack>
          <SegmentedControl
            aria-label="File format"
            value={format}
            onChange={(v) => setFormat(v as 'outpost' | 'vsaq')}
            data={[
              { value: 'outpost', label: 'Outpost JSON' },
              { value: 'vsaq', label: 'Google VSAQ' },
            ]}
          />
          <Text size="sm" c="dimmed">
            {format === 'outpost'
              ? 'A file exported from Outpost (Export on a template).'
              : 'A VSAQ questionnaire file (.json): blocks become sections, warning tips become flags.'}
          </Text>
          <FileInput label="Questionnaire file" value={file} onChange={setFile} clearable required />
          {importer.error ? (
            <Alert color="red" title="The file was not imported" data-testid="import-error">
              {errorMessage(importer.error)}
            </Alert>
          ) : null}
          <ModalActions
            onCancel={close}
            action={{
              label: 'Import',
              onClick: () => void submit(),
              disabled: !file,
              loading: importer.isPending,
            }}
          />
        </Stack>
      )}
    </Modal>
  );
}

/** Questionnaire templates: start from a starter, import, or write one. */
export function TemplatesPage() {
  const user = useUser();
  const writer = permissions.writeVendors(user);
  const navigate = useNavigate();
  const { search, setSearch, q } = useDebouncedSearch();
  const pager = useCursorPager(q);
  const templates = useTemplates(q, pager.cursor);
  const starter = useStarter();
  const [importOpen, importModal] = useDisclosure(false);

  const actions = writer ? (
    <>
      <Menu position="bottom-end">
        <Menu.Target>
          <Button variant="light" loading={starter.isPending}>
            Start from a starter
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {STARTERS.map((s) => (
            <Menu.Item
              key={s.key}
              onClick={() =>
                starter.mutate(s.key, {
                  onSuccess: (t) => navigate(`/questionnaires/${t.id}`),
                  onError: (e) => notifyError(e),
                })
              }
            >
              {s.label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
      <Button variant="light" onClick={importModal.open}>
        Import
      </Button>
      <Button component={Link} to="/questionnaires/new" leftSection={<PlusIcon />}>
        New template
      </Button>
    </>
  ) : null;

  return (
    <>
      <PageHeader
        title="Questionnaires"
        description="Templates of questions sent to vendors as assessments: scored answers, conditions and flags."
        actions={actions}
      />
      <FilterBar gap="md" justify="space-between">
        <SearchInput
          label="Search templates"
          placeholder="Search by name"
          value={search}
          onChange={setSearch}
        />
        <Anchor component={Link} to="/assessments" size="sm">
          All assessments sent
        </Anchor>
      </FilterBar>
      <PagedList
        query={templates}
        pager={pager}
        filtered={Boolean(q)}
        noMatch={<EmptyState title="No template matches">Try another search.</EmptyState>}
        empty={
          <EmptyState
            title="No questionnaire templates yet"
            actions={actions ? <Group>{actions}</Group> : null}
          >
            Start from one of Outpost’s starters (information security, privacy, business continuity), import
            a file, or write your own.
          </EmptyState>
        }
      >
        {(items) => (
          <ListTable
            testId="template-list"
            highlightOnHover
            columns={['Name', 'Version', 'Questions', 'Origin', 'Updated']}
          >
            {items.map((t) => (
              <Table.Tr key={t.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/questionnaires/${t.id}`} fw={600}>
                    {t.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>v{t.version}</Table.Td>
                <Table.Td>{t.questionCount}</Table.Td>
                <Table.Td>{originLabel(t.origin)}</Table.Td>
                <Table.Td>{formatInstant(t.updatedAt)}</Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        )}
      </PagedList>
      <ImportModal opened={importOpen} onClose={importModal.close} />
    </>
  );
}
