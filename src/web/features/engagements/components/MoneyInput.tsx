import { TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { decimalText, parseMoney } from '../../../../contracts/money';

/** Minor units as the decimal text a person types: 123456 EUR → "1234.56". */
const minorToText = (minor: number | null | undefined, currency: string): string =>
  minor === null || minor === undefined ? '' : decimalText(minor, currency);

/**
 * An amount typed as a decimal in the currency and handed on as minor units. Keeps the typed text
 * while it is being edited; says so when the text is not an amount (then the value is null).
 */
export function MoneyInput({
  value,
  onChange,
  currency,
  allowNegative = false,
  error,
  ...props
}: Omit<TextInputProps, 'value' | 'onChange'> & {
  value: number | null;
  onChange: (minor: number | null) => void;
  currency: string;
  allowNegative?: boolean;
}) {
  const [text, setText] = useState(() => minorToText(value, currency));
  const parsed = text.trim() === '' ? null : parseMoney(text, currency);
  // Follow a value set from outside (a reset, another currency), not the one we just sent.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reacting to the typed text would undo typing
  useEffect(() => {
    if (parsed !== value) setText(minorToText(value, currency));
  }, [value, currency]);
  const bad = text.trim() !== '' && (parsed === null || (!allowNegative && parsed < 0));
  return (
    <TextInput
      inputMode="decimal"
      rightSection={<span style={{ fontSize: 12, color: 'var(--mantine-color-dimmed)' }}>{currency}</span>}
      rightSectionWidth={46}
      {...props}
      value={text}
      error={
        error ??
        (bad
          ? `Enter an amount such as ${minorToText(123456, currency)}${allowNegative ? ' or a negative one' : ''}`
          : undefined)
      }
      onChange={(e) => {
        const next = e.currentTarget.value;
        setText(next);
        const minor = next.trim() === '' ? null : parseMoney(next, currency);
        onChange(minor !== null && !allowNegative && minor < 0 ? null : minor);
      }}
    />
  );
}
