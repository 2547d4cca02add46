import { Button, Group, Paper, Select, type SelectProps, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useInternalUserOptions } from './options';
import { countryOptions, currencyOptions, timeZoneOptions } from './reference-data';

/** A titled, bordered part of a long form (or page), with an optional line under the title. */
export function FormSection({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p="lg">
      {description ? (
        <>
          <Title order={4} mb={4}>
            {title}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {description}
          </Text>
        </>
      ) : (
        <Title order={4} mb="md">
          {title}
        </Title>
      )}
      {children}
    </Paper>
  );
}

/** Cancel and the submit button at the foot of a form. */
export function FormActions({
  submitLabel,
  submitting,
  onCancel,
}: {
  submitLabel: string;
  submitting: boolean;
  onCancel?: () => void;
}) {
  return (
    <Group justify="flex-end">
      {onCancel ? (
        <Button variant="default" onClick={onCancel}>
          Cancel
        </Button>
      ) : null}
      <Button type="submit" loading={submitting}>
        {submitLabel}
      </Button>
    </Group>
  );
}

/** A searchable pick of a country (ISO code). */
export const CountrySelect = (props: SelectProps) => <Select searchable data={countryOptions()} {...props} />;

/** A searchable pick of a time zone (IANA name). */
export const TimeZoneSelect = (props: SelectProps) => (
  <Select searchable data={timeZoneOptions()} {...props} />
);

/** A searchable pick of a currency (ISO code). */
export const CurrencySelect = (props: SelectProps) => (
  <Select searchable data={currencyOptions()} {...props} />
);

/** Who owns something: an internal user, or nobody yet (shown to those who may list users). */
export function OwnerSelect(props: SelectProps) {
  const owners = useInternalUserOptions(true);
  return (
    <Select
      label="Owner"
      placeholder={owners.isPending ? 'Loading users…' : 'Nobody yet'}
      searchable
      clearable
      data={owners.data ?? []}
      {...props}
    />
  );
}
