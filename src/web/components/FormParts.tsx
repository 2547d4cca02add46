import { Button, Group, Select, type SelectProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { CURRENCY_CODES } from '../../contracts/money';
import { useInternalUserOptions } from './options';
import { countryOptions, timeZoneOptions } from './reference-data';

const currencyNames = new Intl.DisplayNames(['en'], { type: 'currency' });
let currencies: { value: string; label: string }[] | undefined;
/**
 * Every currency the money module accepts, named. Kept here, beside the one picker that needs
 * it, so that pages which only format dates (the shell's notification bell) do not load the ISO
 * 4217 table.
 */
function currencyOptions() {
  currencies ??= CURRENCY_CODES.map((code) => ({
    value: code,
    label: `${code} — ${currencyNames.of(code) ?? code}`,
  }));
  return currencies;
}

/** Cancel and the submit button at the foot of a form. */
export function FormActions({
  submitLabel,
  submitting,
  onCancel,
  mt,
}: {
  submitLabel: ReactNode;
  submitting: boolean;
  onCancel?: () => void;
  mt?: string;
}) {
  return (
    <Group justify="flex-end" mt={mt}>
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
