import {
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { CERT_STANDARDS, type Certification, STANDARD_LABELS } from '../../../../contracts/diligence';
import { FormActions } from '../../../components/FormParts';
import { notifyError, notifySuccess, showApiError } from '../../../components/form-errors';
import { orNull, uploadChosen } from '../../../components/form-values';
import { ListCard } from '../../../components/ListCard';
import { DataTable } from '../../../components/ListPage';
import {
  type CertificationInput,
  useCertifications,
  useRemoveCertification,
  useSaveCertification,
  useUploadEvidence,
  useVerifyCertification,
} from '../api';
import { CertStatusBadge, standardName } from './badges';

const STANDARD_OPTIONS = CERT_STANDARDS.map((s) => ({ value: s, label: STANDARD_LABELS[s] }));

function CertificationModal({
  vendorId,
  cert,
  onClose,
}: {
  vendorId: string;
  cert: Certification | null;
  onClose: () => void;
}) {
  const save = useSaveCertification(vendorId);
  const upload = useUploadEvidence();
  const [file, setFile] = useState<File | null>(null);
  const form = useForm({
    initialValues: {
      standard: cert?.standard ?? 'iso27001',
      standardName: cert?.standardName ?? '',
      certificateNumber: cert?.certificateNumber ?? '',
      issuer: cert?.issuer ?? '',
      scope: cert?.scope ?? '',
      issuedOn: cert?.issuedOn ?? '',
      expiresOn: cert?.expiresOn ?? '',
    },
    validate: {
      expiresOn: (v) => (v ? null : 'Enter the expiry date'),
      standardName: (v, values) => (values.standard === 'other' && !v.trim() ? 'Name the standard' : null),
    },
  });
  const submit = form.onSubmit(async (values) => {
    const evidenceFileId = await uploadChosen(upload.mutateAsync, file, 'Evidence not uploaded');
    if (evidenceFileId === null) return;
    const body: CertificationInput & { id?: string } = {
      id: cert?.id,
      standard: values.standard as CertificationInput['standard'],
      standardName: values.standard === 'other' ? orNull(values.standardName) : null,
      certificateNumber: orNull(values.certificateNumber),
      issuer: orNull(values.issuer),
      scope: orNull(values.scope),
      issuedOn: orNull(values.issuedOn),
      expiresOn: values.expiresOn,
      ...(evidenceFileId ? { evidenceFileId } : {}),
    };
    save.mutate(body, {
      onSuccess: () => {
        notifySuccess(cert ? 'Certificate saved.' : 'Certificate added.');
        onClose();
      },
      onError: (error) => showApiError(error, form),
    });
  });
  return (
    <Modal opened onClose={onClose} title={cert ? 'Edit certificate' : 'Add a certificate'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            label="Standard"
            data={STANDARD_OPTIONS}
            allowDeselect={false}
            {...form.getInputProps('standard')}
          />
          {form.values.standard === 'other' ? (
            <TextInput label="Name of the standard" required {...form.getInputProps('standardName')} />
          ) : null}
          <Group grow>
            <TextInput label="Certificate number" {...form.getInputProps('certificateNumber')} />
            <TextInput
              label="Issuer"
              description="The auditor or registrar"
              {...form.getInputProps('issuer')}
            />
          </Group>
          <Textarea label="Scope" autosize minRows={2} {...form.getInputProps('scope')} />
          <Group grow>
            <TextInput label="Issued on" type="date" {...form.getInputProps('issuedOn')} />
            <TextInput label="Expires on" type="date" required {...form.getInputProps('expiresOn')} />
          </Group>
          <FileInput
            label="Evidence"
            description={
              cert?.evidenceFileId
                ? 'A new file replaces the current evidence'
                : 'The certificate as PDF or image'
            }
            placeholder="Choose a file"
            clearable
            value={file}
            onChange={setFile}
          />
          {cert?.verifiedAt ? (
            <Text size="sm" c="orange">
              Changing a verified certificate clears its verification.
            </Text>
          ) : null}
          <FormActions
            submitLabel={cert ? 'Save' : 'Add certificate'}
            submitting={save.isPending || upload.isPending}
            onCancel={onClose}
            mt="sm"
          />
        </Stack>
      </form>
    </Modal>
  );
}

/** The vendor's certificates: status, days to expiry, evidence and verification. */
export function CertificationsCard({
  vendorId,
  editable,
  canVerify,
}: {
  vendorId: string;
  editable: boolean;
  canVerify: boolean;
}) {
  const list = useCertifications(vendorId);
  const verify = useVerifyCertification(vendorId);
  const remove = useRemoveCertification(vendorId);
  return (
    <ListCard
      testId="certifications"
      title="Certifications"
      addLabel="Add certificate"
      editable={editable}
      query={list}
      what="Certifications"
      empty={{
        title: 'No certificates yet',
        text: editable
          ? 'Add the certificates this vendor holds, with their expiry dates and evidence.'
          : 'None recorded.',
      }}
      onRemove={(c) =>
        remove.mutate(c.id, {
          onSuccess: () => notifySuccess('Certificate removed.'),
          onError: (e) => notifyError(e, 'Not removed'),
        })
      }
      editor={(cert, close) => <CertificationModal vendorId={vendorId} cert={cert} onClose={close} />}
    >
      {(items, actions) => (
        <DataTable
          verticalSpacing="sm"
          minWidth={720}
          columns={['Standard', 'Issuer · number', 'Expires', 'Status', 'Verified', '']}
        >
          {items.map((c) => (
            <Table.Tr key={c.id} data-testid="cert-row">
              <Table.Td>
                <Text size="sm" fw={600}>
                  {standardName(c)}
                </Text>
                {c.evidenceFileId ? (
                  <Anchor size="xs" href={`/api/v1/files/${c.evidenceFileId}`}>
                    Evidence
                  </Anchor>
                ) : (
                  <Text size="xs" c="dimmed">
                    No evidence
                  </Text>
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm">{[c.issuer, c.certificateNumber].filter(Boolean).join(' · ') || '—'}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{c.expiresOn}</Text>
              </Table.Td>
              <Table.Td>
                <CertStatusBadge cert={c} />
              </Table.Td>
              <Table.Td>
                {c.verifiedAt ? (
                  <Badge color="teal" variant="outline" tt="none">
                    Verified {c.verifiedAt.slice(0, 10)}
                  </Badge>
                ) : canVerify ? (
                  <Button
                    size="compact-sm"
                    variant="light"
                    loading={verify.isPending && verify.variables === c.id}
                    onClick={() =>
                      verify.mutate(c.id, {
                        onSuccess: () => notifySuccess('Certificate verified.'),
                        onError: (e) => notifyError(e, 'Not verified'),
                      })
                    }
                  >
                    Verify
                  </Button>
                ) : (
                  <Text size="sm" c="dimmed">
                    Not yet
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{actions(c)}</Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </ListCard>
  );
}
