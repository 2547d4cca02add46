import {
  ActionIcon,
  Button,
  Group,
  MultiSelect,
  NumberInput,
  Paper,
  Select,
  Stack,
  Switch,
  Text,
  Title,
} from '@mantine/core';
import { useEffect, useState } from 'react';
import {
  CERT_STANDARDS,
  CRITICALITIES,
  type DiligenceSettings,
  type Requirement,
  STANDARD_LABELS,
} from '../../../../contracts/diligence';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { useDiligenceSettings, useSaveDiligenceSettings } from '../api';

type Criticality = (typeof CRITICALITIES)[number];
const STANDARDS = CERT_STANDARDS.filter((s) => s !== 'other').map((s) => ({
  value: s,
  label: STANDARD_LABELS[s],
}));
const KINDS = [
  { value: 'certification', label: 'A valid certificate' },
  { value: 'references', label: 'Positive references' },
  { value: 'contacts', label: 'Contacts on record' },
  { value: 'questionnaire', label: 'A scored questionnaire' },
  { value: 'dpa', label: 'A current DPA' },
];
const fresh = (kind: Requirement['kind']): Requirement =>
  kind === 'certification'
    ? { kind, anyOf: ['iso27001'] }
    : kind === 'references'
      ? { kind, minPositive: 1 }
      : kind === 'questionnaire'
        ? { kind, minScore: 70, noOpenFlags: true }
        : kind === 'dpa'
          ? { kind }
          : { kind: 'contacts', min: 1 };

function RequirementRow({
  value,
  onChange,
  onRemove,
  disabled,
}: {
  value: Requirement;
  onChange: (r: Requirement) => void;
  onRemove: () => void;
  disabled: boolean;
}) {
  return (
    <Group align="flex-end" wrap="nowrap" data-testid="requirement">
      <Select
        label="Requirement"
        data={KINDS}
        value={value.kind}
        allowDeselect={false}
        disabled={disabled}
        onChange={(k) => k && onChange(fresh(k as Requirement['kind']))}
        w={200}
      />
      {value.kind === 'certification' ? (
        <>
          <MultiSelect
            label="Any of"
            data={STANDARDS}
            value={value.anyOf}
            disabled={disabled}
            onChange={(v) => onChange({ ...value, anyOf: v as typeof value.anyOf })}
            error={value.anyOf.length === 0 ? 'Pick at least one' : undefined}
            style={{ flex: 1 }}
          />
          <Switch
            label="Verified only"
            checked={value.verified ?? false}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, verified: e.currentTarget.checked })}
            mb={8}
          />
        </>
      ) : value.kind === 'dpa' ? (
        <Text size="sm" c="dimmed" mb={8} style={{ flex: 1 }}>
          Signed, in force and not expired (Data &amp; access → Agreements)
        </Text>
      ) : value.kind === 'questionnaire' ? (
        <>
          <NumberInput
            label="Score at least (0–100)"
            min={0}
            max={100}
            disabled={disabled}
            value={value.minScore}
            onChange={(n) => onChange({ ...value, minScore: typeof n === 'number' ? n : 0 })}
            w={180}
          />
          <Switch
            label="No flags raised"
            checked={value.noOpenFlags}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, noOpenFlags: e.currentTarget.checked })}
            mb={8}
          />
        </>
      ) : (
        <NumberInput
          label={value.kind === 'references' ? 'At least (positive)' : 'At least'}
          min={1}
          max={20}
          disabled={disabled}
          value={value.kind === 'references' ? value.minPositive : value.min}
          onChange={(n) => {
            const count = typeof n === 'number' ? n : 1;
            onChange(
              value.kind === 'references' ? { ...value, minPositive: count } : { ...value, min: count },
            );
          }}
          w={160}
        />
      )}
      {disabled ? null : (
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          mb={2}
          onClick={onRemove}
          aria-label="Remove requirement"
        >
          ×
        </ActionIcon>
      )}
    </Group>
  );
}

function SettingsForm({ initial, editable }: { initial: DiligenceSettings; editable: boolean }) {
  const [value, setValue] = useState(initial);
  useEffect(() => setValue(initial), [initial]);
  const save = useSaveDiligenceSettings();
  const setList = (c: Criticality, list: Requirement[]) =>
    setValue((v) => ({ ...v, requirements: { ...v.requirements, [c]: list } }));
  return (
    <Stack gap="lg">
      <Paper withBorder p="lg">
        <NumberInput
          label="Expiring window (days)"
          description="A certificate expiring within this many days shows as expiring. Reminders go out 90, 30 and 7 days before expiry and on the day, whatever the window."
          min={1}
          max={730}
          maw={420}
          disabled={!editable}
          value={value.expiringWindowDays}
          onChange={(n) => setValue((v) => ({ ...v, expiringWindowDays: typeof n === 'number' ? n : 90 }))}
        />
      </Paper>
      {CRITICALITIES.map((c) => (
        <Paper withBorder p="lg" key={c} data-testid={`requirements-${c}`}>
          <Group justify="space-between" mb="sm">
            <Title order={5} tt="capitalize">
              {c} vendors
            </Title>
            {editable ? (
              <Button
                size="compact-sm"
                variant="light"
                onClick={() => setList(c, [...value.requirements[c], fresh('references')])}
              >
                Add requirement
              </Button>
            ) : null}
          </Group>
          {value.requirements[c].length === 0 ? (
            <Text size="sm" c="dimmed">
              No requirements: a {c} vendor may be approved at once.
            </Text>
          ) : (
            <Stack gap="sm">
              {value.requirements[c].map((r, i) => (
                <RequirementRow
                  // biome-ignore lint/suspicious/noArrayIndexKey: requirements are edited in place, by position
                  key={i}
                  value={r}
                  disabled={!editable}
                  onChange={(next) =>
                    setList(
                      c,
                      value.requirements[c].map((x, j) => (j === i ? next : x)),
                    )
                  }
                  onRemove={() =>
                    setList(
                      c,
                      value.requirements[c].filter((_, j) => j !== i),
                    )
                  }
                />
              ))}
            </Stack>
          )}
        </Paper>
      ))}
      {editable ? (
        <Group justify="flex-end">
          <Button
            loading={save.isPending}
            onClick={() =>
              save.mutate(value, {
                onSuccess: () => notifySuccess('Diligence settings saved.'),
                onError: (e) => showApiError(e),
              })
            }
          >
            Save settings
          </Button>
        </Group>
      ) : null}
      <Text size="xs" c="dimmed">
        Questionnaire scores and data processing agreements will become requirements once those capabilities
        exist.
      </Text>
    </Stack>
  );
}

/** The organisation's diligence settings: the expiring window and the checklist per criticality. */
export function DiligenceSettingsPage() {
  const user = useUser();
  const settings = useDiligenceSettings();
  return (
    <>
      <PageHeader
        title="Diligence settings"
        description="What each criticality needs before a vendor may be approved. Owners and administrators may approve anyway, with a written reason."
      />
      <QueryState query={settings} what="Settings">
        {(s) => <SettingsForm initial={s} editable={permissions.manageOrganisation(user)} />}
      </QueryState>
    </>
  );
}
