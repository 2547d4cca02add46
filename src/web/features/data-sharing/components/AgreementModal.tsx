import { FileInput, Group, Modal, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import {
  AGREEMENT_LABELS,
  AGREEMENT_TYPES,
  type Agreement,
  type DataFlow,
} from '../../../../contracts/data-sharing';
import { FormActions } from '../../../components/FormParts';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { orNull, uploadChosen } from '../../../components/form-values';
import { type AgreementInput, useSaveAgreement, useUploadDocument } from '../api';

/** Record or change an agreement: its document, dates and the register entries it covers. */
export function AgreementModal({
  vendorId,
  agreement,
  flows,
  onClose,
}: {
  vendorId: string;
  agreement: Agreement | null;
  flows: DataFlow[];
  onClose: () => void;
}) {
  const save = useSaveAgreement(vendorId);
  const upload = useUploadDocument();
  const [file, setFile] = useState<File | null>(null);
  const form = useForm({
    initialValues: {
      type: agreement?.type ?? 'dpa',
      title: agreement?.title ?? '',
      signedOn: agreement?.signedOn ?? '',
      expiresOn: agreement?.expiresOn ?? '',
      reviewOn: agreement?.reviewOn ?? '',
      dataFlowIds: agreement?.dataFlowIds ?? ([] as string[]),
    },
    validate: { signedOn: (v) => (v ? null : 'Enter the date it was signed') },
  });
  const submit = form.onSubmit(async (v) => {
    const documentFileId = await uploadChosen(upload.mutateAsync, file, 'Document not uploaded');
    if (documentFileId === null) return;
    const body: AgreementInput & { id?: string } = {
      id: agreement?.id,
      type: v.type as AgreementInput['type'],
      title: orNull(v.title),
      signedOn: v.signedOn,
      expiresOn: orNull(v.expiresOn),
      reviewOn: orNull(v.reviewOn),
      dataFlowIds: v.dataFlowIds,
      ...(documentFileId ? { documentFileId } : {}),
    };
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(agreement ? 'Agreement saved.' : 'Agreement recorded.');
        onClose();
      },
      onError: (error) => showApiError(error, form, { documentFileId: 'title' }),
    });
  });
  return (
    <Modal opened onClose={onClose} title={agreement ? 'Edit agreement' : 'Record an agreement'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Group grow>
            <Select
              label="Type"
              allowDeselect={false}
              data={AGREEMENT_TYPES.map((t) => ({ value: t, label: AGREEMENT_LABELS[t] }))}
              {...form.getInputProps('type')}
            />
            <TextInput label="Title" placeholder="e.g. DPA 2027" {...form.getInputProps('title')} />
          </Group>
          <Group grow>
            <TextInput label="Signed on" type="date" required {...form.getInputProps('signedOn')} />
            <TextInput label="Expires on" type="date" {...form.getInputProps('expiresOn')} />
            <TextInput label="Review on" type="date" {...form.getInputProps('reviewOn')} />
          </Group>
          <MultiSelect
            label="Register entries it covers"
            data={flows.map((f) => ({
              value: f.id,
              label: `${f.engagementTitle}: ${f.purpose.slice(0, 60)}`,
            }))}
            {...form.getInputProps('dataFlowIds')}
          />
          <FileInput
            label="Document"
            description={
              agreement?.documentFileId ? 'A new file replaces the current document' : 'The signed agreement'
            }
            placeholder="Choose a file"
            clearable
            value={file}
            onChange={setFile}
          />
          <FormActions
            submitLabel={agreement ? 'Save' : 'Record agreement'}
            submitting={save.isPending || upload.isPending}
            onCancel={onClose}
            mt="sm"
          />
        </Stack>
      </form>
    </Modal>
  );
}
