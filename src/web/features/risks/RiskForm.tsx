import {
  ActionIcon,
  Badge,
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  CATEGORY_LABELS,
  RISK_CATEGORIES,
  type Risk,
  type RiskCategory,
  type RiskStatus,
} from '../../../contracts/risks';
import { FormActions } from '../../components/FormParts';
import { showApiError } from '../../components/form-errors';
import { useInternalUserOptions } from '../../components/options';
import { useCreateRisk, useRiskVendors, useUpdateRisk } from './api';

const RATINGS = ['1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }));
export const STATUS_LABELS: Record<RiskStatus, string> = {
  open: 'Open',
  mitigating: 'Mitigating',
  accepted: 'Accepted',
  closed: 'Closed',
};

interface Values {
  vendorId: string | null;
  title: string;
  description: string;
  category: RiskCategory;
  likelihood: string;
  impact: string;
  residualLikelihood: string;
  residualImpact: string;
  ownerId: string | null;
  reviewOn: string;
  controls: Array<{ description: string; dueOn: string; done: boolean }>;
  status: RiskStatus;
  acceptanceExpiresOn: string;
  acceptanceReason: string;
}

function initial(risk: Risk | null, userId: string): Values {
  return {
    vendorId: risk?.vendorId ?? null,
    title: risk?.title ?? '',
    description: risk?.description ?? '',
    category: risk?.category ?? 'operational',
    likelihood: String(risk?.likelihood ?? 3),
    impact: String(risk?.impact ?? 3),
    residualLikelihood: String(risk?.residualLikelihood ?? 3),
    residualImpact: String(risk?.residualImpact ?? 3),
    ownerId: risk ? risk.ownerId : userId,
    reviewOn: risk?.reviewOn ?? '',
    controls: (risk?.controls ?? []).map((c) => ({
      description: c.description,
      dueOn: c.dueOn ?? '',
      done: c.done,
    })),
    status: risk?.status ?? 'open',
    acceptanceExpiresOn: risk?.acceptance?.expiresOn ?? '',
    acceptanceReason: risk?.acceptance?.reason ?? '',
  };
}

/** Enter a risk, or change one: ratings, controls, owner, review date and its status (acceptance needs an expiry). */
export function RiskForm({
  risk,
  userId,
  isAdmin,
  onClose,
}: {
  risk: Risk | null;
  userId: string;
  isAdmin: boolean;
  onClose: () => void;
}) {
  const form = useForm<Values>({
    initialValues: initial(risk, userId),
    validate: {
      vendorId: (v) => (risk || v ? null : 'Pick the vendor'),
      title: (v) => (v.trim() ? null : 'Give the risk a title'),
    },
  });
  const vendors = useRiskVendors();
  const owners = useInternalUserOptions(isAdmin);
  const create = useCreateRisk();
  const update = useUpdateRisk(risk?.id ?? '');
  const signal = risk?.kind === 'signal';
  const v = form.getValues();
  const ownerOptions = owners.data ?? [
    { value: userId, label: 'Me' },
    ...(risk?.ownerId && risk.ownerId !== userId
      ? [{ value: risk.ownerId, label: risk.ownerName ?? risk.ownerId }]
      : []),
  ];
  const controls = (values: Values) =>
    values.controls
      .filter((c) => c.description.trim())
      .map((c) => ({ description: c.description.trim(), dueOn: c.dueOn || null, done: c.done }));

  const submit = form.onSubmit((values) => {
    const common = {
      description: values.description.trim() || null,
      ownerId: values.ownerId,
      controls: controls(values),
      residualLikelihood: Number(values.residualLikelihood),
      residualImpact: Number(values.residualImpact),
      reviewOn: values.reviewOn || null,
    };
    const ratings = {
      title: values.title.trim(),
      category: values.category,
      likelihood: Number(values.likelihood),
      impact: Number(values.impact),
    };
    const fields = { acceptance: 'acceptanceExpiresOn', 'acceptance.expiresOn': 'acceptanceExpiresOn' };
    if (!risk) {
      create.mutate(
        { vendorId: values.vendorId!, ...ratings, ...common },
        { onSuccess: onClose, onError: (e) => showApiError(e, form, fields) },
      );
      return;
    }
    update.mutate(
      {
        ...(signal ? {} : ratings),
        ...common,
        ...(values.status !== risk.status ? { status: values.status } : {}),
        ...(values.status === 'accepted' && risk.status !== 'accepted'
          ? {
              acceptance: {
                expiresOn: values.acceptanceExpiresOn,
                reason: values.acceptanceReason.trim() || null,
              },
            }
          : {}),
      },
      { onSuccess: onClose, onError: (e) => showApiError(e, form, fields) },
    );
  });

  const statusOptions = risk
    ? [risk.status, ...risk.allowedTransitions].map((s) => ({ value: s, label: STATUS_LABELS[s] }))
    : [];

  return (
    <Modal opened onClose={onClose} title={risk ? 'Risk' : 'New risk'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {signal ? (
            <Group gap="xs">
              <Badge color="grape">Signal</Badge>
              <Text size="sm" c="dimmed">
                Raised automatically; it closes by itself when its condition clears.
              </Text>
            </Group>
          ) : null}
          {risk ? (
            <Text size="sm">
              Vendor: <b>{risk.vendorName ?? 'Portfolio-wide'}</b>
            </Text>
          ) : (
            <Select
              label="Vendor"
              required
              searchable
              data={(vendors.data ?? []).map((x) => ({ value: x.id, label: x.name }))}
              key={form.key('vendorId')}
              {...form.getInputProps('vendorId')}
            />
          )}
          <TextInput
            label="Title"
            required
            disabled={signal}
            key={form.key('title')}
            {...form.getInputProps('title')}
          />
          <Select
            label="Category"
            disabled={signal}
            data={RISK_CATEGORIES.map((c) => ({ value: c, label: CATEGORY_LABELS[c] }))}
            allowDeselect={false}
            key={form.key('category')}
            {...form.getInputProps('category')}
          />
          <SimpleGrid cols={4}>
            <Select
              label="Likelihood"
              data={RATINGS}
              disabled={signal}
              allowDeselect={false}
              key={form.key('likelihood')}
              {...form.getInputProps('likelihood')}
            />
            <Select
              label="Impact"
              data={RATINGS}
              disabled={signal}
              allowDeselect={false}
              key={form.key('impact')}
              {...form.getInputProps('impact')}
            />
            <Select
              label="Residual likelihood"
              data={RATINGS}
              allowDeselect={false}
              key={form.key('residualLikelihood')}
              {...form.getInputProps('residualLikelihood')}
            />
            <Select
              label="Residual impact"
              data={RATINGS}
              allowDeselect={false}
              key={form.key('residualImpact')}
              {...form.getInputProps('residualImpact')}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            autosize
            minRows={2}
            key={form.key('description')}
            {...form.getInputProps('description')}
          />
          <SimpleGrid cols={2}>
            <Select
              label="Owner"
              data={ownerOptions}
              clearable
              key={form.key('ownerId')}
              {...form.getInputProps('ownerId')}
            />
            <TextInput
              label="Review on"
              type="date"
              key={form.key('reviewOn')}
              {...form.getInputProps('reviewOn')}
            />
          </SimpleGrid>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Controls and mitigations
            </Text>
            {v.controls.length === 0 ? (
              <Text size="sm" c="dimmed">
                None yet: add what reduces the likelihood or the impact.
              </Text>
            ) : null}
            {v.controls.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
              <Group key={i} gap="xs" wrap="nowrap" align="flex-end">
                <TextInput
                  aria-label={`Control ${i + 1}`}
                  placeholder="What is done"
                  style={{ flex: 1 }}
                  key={form.key(`controls.${i}.description`)}
                  {...form.getInputProps(`controls.${i}.description`)}
                />
                <TextInput
                  aria-label={`Control ${i + 1} due`}
                  type="date"
                  key={form.key(`controls.${i}.dueOn`)}
                  {...form.getInputProps(`controls.${i}.dueOn`)}
                />
                <Checkbox
                  label="Done"
                  key={form.key(`controls.${i}.done`)}
                  {...form.getInputProps(`controls.${i}.done`, { type: 'checkbox' })}
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  aria-label={`Remove control ${i + 1}`}
                  onClick={() => form.removeListItem('controls', i)}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="light"
              size="xs"
              w="fit-content"
              onClick={() => form.insertListItem('controls', { description: '', dueOn: '', done: false })}
            >
              Add control
            </Button>
          </Stack>
          {risk ? (
            <Select
              label="Status"
              data={statusOptions}
              allowDeselect={false}
              key={form.key('status')}
              {...form.getInputProps('status')}
            />
          ) : null}
          {risk && v.status === 'accepted' && risk.status !== 'accepted' ? (
            <SimpleGrid cols={2}>
              <TextInput
                label="Accepted until"
                type="date"
                required
                description={
                  isAdmin
                    ? 'Owners and administrators accept, for a limited time.'
                    : 'Only owners and administrators accept risks.'
                }
                key={form.key('acceptanceExpiresOn')}
                {...form.getInputProps('acceptanceExpiresOn')}
              />
              <TextInput
                label="Why accept"
                key={form.key('acceptanceReason')}
                {...form.getInputProps('acceptanceReason')}
              />
            </SimpleGrid>
          ) : null}
          {risk?.acceptance ? (
            <Text size="sm" c="dimmed">
              Accepted by {risk.acceptance.approverName ?? risk.acceptance.approverId} until{' '}
              {risk.acceptance.expiresOn}
            </Text>
          ) : null}
          <FormActions
            submitLabel={risk ? 'Save' : 'Add risk'}
            submitting={create.isPending || update.isPending}
            onCancel={onClose}
          />
        </Stack>
      </form>
    </Modal>
  );
}
