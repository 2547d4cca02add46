import {
  ActionIcon,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { PRICING_MODELS, type PricingModel } from '../../../../contracts/business-cases';
import { DELIVERY_MODELS } from '../../../../contracts/engagements';
import { minorDigits } from '../../../../contracts/money';
import { CurrencySelect } from '../../../components/FormParts';

import { useVendorOptions } from '../api';
import { type CaseValues, PRICING_FIELDS, PRICING_LABELS, pricingFor } from '../form-model';

const unit = (code: string) => (
  <Text size="xs" c="dimmed">
    {code}
  </Text>
);

/** One partner's bid: who, where, how it is priced, and what else it costs. */
export function OptionFields({
  form,
  index,
  onRemove,
}: {
  form: UseFormReturnType<CaseValues>;
  index: number;
  onRemove: () => void;
}) {
  const vendors = useVendorOptions();
  const o = form.values.options[index]!;
  const path = (key: string) => `options.${index}.${key}`;
  const caseCurrency = form.values.currency;
  const needsRate = o.currency !== caseCurrency;
  const rateError =
    needsRate && form.errors.fxRates && !form.values.fxRates[o.currency] ? form.errors.fxRates : undefined;
  return (
    <Paper withBorder p="lg" data-testid={`option-${index}`}>
      <Group justify="space-between" mb="md">
        <Title order={4}>{o.name || `Option ${index + 1}`}</Title>
        <ActionIcon
          variant="subtle"
          color="red"
          aria-label={`Remove ${o.name || 'option'}`}
          onClick={onRemove}
        >
          ×
        </ActionIcon>
      </Group>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Option name" required {...form.getInputProps(path('name'))} />
          <Select
            label="Vendor"
            placeholder="Not in the directory"
            searchable
            clearable
            data={vendors.data ?? []}
            {...form.getInputProps(path('vendorId'))}
          />
          <Select
            label="Delivery model"
            data={DELIVERY_MODELS.map((d) => ({ value: d, label: d.charAt(0).toUpperCase() + d.slice(1) }))}
            allowDeselect={false}
            {...form.getInputProps(path('deliveryModel'))}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <CurrencySelect
            label="Quote currency"
            allowDeselect={false}
            {...form.getInputProps(path('currency'))}
          />
          {needsRate ? (
            <NumberInput
              label={`Exchange rate: ${caseCurrency} per 1 ${o.currency}`}
              min={0}
              decimalScale={6}
              value={form.values.fxRates[o.currency] ?? ''}
              onChange={(v) => form.setFieldValue(`fxRates.${o.currency}`, v)}
              error={form.errors[`fxRates.${o.currency}`] ?? rateError}
            />
          ) : null}
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500} mb={4}>
            Pricing model
          </Text>
          <SegmentedControl
            aria-label="Pricing model"
            data={PRICING_MODELS.map((m) => ({ value: m, label: PRICING_LABELS[m] }))}
            value={o.pricing.model}
            onChange={(m) => form.setFieldValue(path('pricing'), pricingFor(m as PricingModel))}
          />
        </div>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {PRICING_FIELDS[o.pricing.model].map((f) => (
            <NumberInput
              key={f.key}
              label={f.label}
              required
              min={0}
              thousandSeparator=","
              decimalScale={f.money ? minorDigits(o.currency) : 2}
              rightSection={f.money ? unit(o.currency) : undefined}
              {...form.getInputProps(path(`pricing.${f.key}`))}
            />
          ))}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 4 }}>
          <NumberInput
            label="Transition cost"
            description="One-off, in year 1"
            min={0}
            thousandSeparator=","
            rightSection={unit(o.currency)}
            {...form.getInputProps(path('transitionCost'))}
          />
          <NumberInput
            label="Governance %"
            description="Managing the partner"
            min={0}
            max={100}
            {...form.getInputProps(path('governancePct'))}
          />
          <NumberInput
            label="Retained costs a year"
            description="Stays in-house anyway"
            min={0}
            thousandSeparator=","
            rightSection={unit(caseCurrency)}
            {...form.getInputProps(path('retainedAnnualCosts'))}
          />
          <NumberInput
            label="Price escalation %"
            description="A year, from year 2"
            min={-50}
            max={100}
            {...form.getInputProps(path('annualEscalationPct'))}
          />
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
