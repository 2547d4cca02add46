import { Alert, Code, FileInput, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { ApiError, type FieldError } from '../../../app/api';
import { ModalActions } from '../../../components/ActionModal';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { DataTable } from '../../../components/ListPage';
import { useImportVendors } from '../api';

/** Upload a CSV of vendors; every bad line is listed, and nothing is imported unless all are good. */
export function ImportCsvModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const importCsv = useImportVendors();
  const [file, setFile] = useState<File | null>(null);
  const [problems, setProblems] = useState<{ detail: string; errors: FieldError[] } | null>(null);

  const close = () => {
    setFile(null);
    setProblems(null);
    importCsv.reset();
    onClose();
  };

  const submit = async () => {
    if (!file) return;
    setProblems(null);
    const text = await file.text();
    importCsv.mutate(text, {
      onSuccess: (result) => {
        notifySuccess(`Imported ${result.created} new and updated ${result.updated} vendors.`);
        close();
      },
      onError: (error) => {
        if (error instanceof ApiError && error.status === 422) {
          setProblems({ detail: error.detail, errors: error.errors });
        } else {
          notifyError(error);
        }
      },
    });
  };

  return (
    <Modal opened={opened} onClose={close} title="Import vendors from CSV" size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          The first line names the columns, such as{' '}
          <Code>name,country,legalName,timezone,languages,services</Code>. Every line is checked first;
          nothing is written unless every line is good.
        </Text>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv"
          value={file}
          onChange={(f) => {
            setFile(f);
            setProblems(null);
          }}
          clearable
        />
        {problems ? (
          <Alert color="red" variant="light" title="Nothing was imported" data-testid="import-errors">
            <Stack gap="xs">
              <Text size="sm">{problems.detail}</Text>
              {problems.errors.length ? (
                <ScrollArea.Autosize mah={260}>
                  <DataTable withTableBorder striped fz="xs" columns={['Line', 'Field', 'Problem']}>
                    {problems.errors.map((e, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: one line may have several errors on one field
                      <Table.Tr key={`${e.line}-${e.field}-${i}`}>
                        <Table.Td>{e.line ?? '—'}</Table.Td>
                        <Table.Td>{e.field}</Table.Td>
                        <Table.Td>{e.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </DataTable>
                </ScrollArea.Autosize>
              ) : null}
            </Stack>
          </Alert>
        ) : null}
        <ModalActions
          onCancel={close}
          action={{
            label: 'Import',
            onClick: () => void submit(),
            disabled: !file,
            loading: importCsv.isPending,
          }}
        />
      </Stack>
    </Modal>
  );
}
