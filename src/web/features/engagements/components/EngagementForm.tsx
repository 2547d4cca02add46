import { NumberInput, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { ICT_SERVICE_TYPES } from '../../../../contracts/dora-values';
import { DELIVERY_MODELS, type Engagement, FUNCTIONS } from '../../../../contracts/engagements';
import { CurrencySelect, FormActions, OwnerSelect, TimeZoneSelect } from '../../../components/FormParts';
import { humanise, humanOptions } from '../../../components/format';
import { useVendorOptions } from '../../../components/options';
import { Section } from '../../../components/Section';
import { useOrganisationCurrency } from '../api';
import { MoneyInput } from './MoneyInput';

interface EngagementFormValues {
  vendorId: string | null;
  title: string;
  function: string | null;
  /** 'derived' keeps the model derived from the two countries. */
  deliveryModel: string;
  startDate: string;
  endDate: string;
  timezone: string | null;
  currency: string | null;
  monthlyFee: number | null;
  budget: number | null;
  renewalDate: string;
  noticePeriodDays: number | string;
  ownerId: string | null;
  ictServiceType: string | null;
  /** 'yes', 'no' or '' (not stated). */
  critical: string;
}

function values(e?: Engagement, vendorId?: string | null): EngagementFormValues {
  return {
    vendorId: e?.vendorId ?? vendorId ?? null,
    title: e?.title ?? '',
    function: e?.function ?? null,
    deliveryModel: e?.deliveryModelOverridden ? e.deliveryModel : 'derived',
    startDate: e?.startDate ?? '',
    endDate: e?.endDate ?? '',
    timezone: e?.timezone ?? null,
    currency: e?.currency ?? null,
    monthlyFee: e?.monthlyFee ?? 0,
    budget: e?.budget ?? 0,
    renewalDate: e?.renewalDate ?? '',
    noticePeriodDays: e?.noticePeriodDays ?? 90,
    ownerId: e?.ownerId ?? null,
    ictServiceType: e?.ictServiceType ?? null,
    critical: e?.supportsCriticalFunction == null ? '' : e.supportsCriticalFunction ? 'yes' : 'no',
  };
}

/** The request body; on create, empty optional fields are left to the server's defaults. */
export function engagementBody(v: EngagementFormValues, opts: { creating: boolean; withOwner: boolean }) {
  const date = (s: string) => (s ? s : null);
  return {
    ...(v.vendorId ? { vendorId: v.vendorId } : {}),
    title: v.title.trim(),
    ...(v.function ? { function: v.function as Engagement['function'] } : {}),
    ...(v.deliveryModel !== 'derived'
      ? { deliveryModel: v.deliveryModel as Engagement['deliveryModel'] }
      : opts.creating
        ? {}
        : { deliveryModel: null }),
    startDate: v.startDate,
    endDate: date(v.endDate),
    ...(v.timezone ? { timezone: v.timezone } : {}),
    ...(v.currency ? { currency: v.currency } : {}),
    monthlyFee: v.monthlyFee ?? 0,
    budget: v.budget ?? 0,
    renewalDate: date(v.renewalDate),
    noticePeriodDays: typeof v.noticePeriodDays === 'number' ? v.noticePeriodDays : 0,
    ...(opts.withOwner ? { ownerId: v.ownerId } : {}),
    ictServiceType: (v.ictServiceType ?? null) as Engagement['ictServiceType'],
    supportsCriticalFunction: v.critical === '' ? null : v.critical === 'yes',
  };
}

export type EngagementForm = ReturnType<typeof useEngagementForm>;

export function useEngagementForm(engagement?: Engagement, vendorId?: string | null) {
  return useForm<EngagementFormValues>({
    initialValues: values(engagement, vendorId),
    validate: {
      vendorId: (v) => (v ? null : 'Choose the vendor'),
      title: (v) => (v.trim() ? null : 'Give the engagement a title'),
      function: (v) => (v ? null : 'Choose the business function'),
      startDate: (v) => (v ? null : 'Enter the start date'),
      endDate: (v, all) =>
        v && all.startDate && v < all.startDate ? 'Must not be before the start date' : null,
    },
  });
}

/** Open or edit an engagement: who, what, when, and what it costs. */
export function EngagementFormFields({
  form,
  engagement,
  withOwner,
  submitLabel,
  submitting,
  onSubmit,
  onCancel,
}: {
  form: EngagementForm;
  engagement?: Engagement;
  withOwner: boolean;
  submitLabel: string;
  submitting: boolean;
  onSubmit: (values: EngagementFormValues) => void;
  onCancel: () => void;
}) {
  const vendors = useVendorOptions();
  const orgCurrency = useOrganisationCurrency();
  const currency = form.values.currency ?? orgCurrency.data ?? 'EUR';
  const vendor = vendors.data?.find((v) => v.value === form.values.vendorId);
  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate data-testid="engagement-form">
      <Stack gap="lg">
        <Section title="Service">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Vendor"
              required
              searchable
              placeholder={vendors.isPending ? 'Loading vendors…' : 'Choose a vendor'}
              data={vendors.data ?? []}
              nothingFoundMessage="No vendor by that name"
              {...form.getInputProps('vendorId')}
            />
            <TextInput label="Title" required {...form.getInputProps('title')} />
            <Select
              label="Function"
              required
              data={humanOptions(FUNCTIONS)}
              {...form.getInputProps('function')}
            />
            <Select
              label="Delivery model"
              description="Derived from your organisation’s and the vendor’s countries unless you choose one"
              data={[
                {
                  value: 'derived',
                  label: engagement
                    ? `Derived (${humanise(engagement.derivedDeliveryModel).toLowerCase()})`
                    : 'Derived from the countries',
                },
                ...humanOptions(DELIVERY_MODELS),
              ]}
              allowDeselect={false}
              {...form.getInputProps('deliveryModel')}
            />
            {withOwner ? <OwnerSelect {...form.getInputProps('ownerId')} /> : null}
          </SimpleGrid>
        </Section>
        <Section title="DORA register">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label="Type of ICT services"
              description="Annex III of Regulation (EU) 2024/2956"
              placeholder="Not an ICT service"
              clearable
              searchable
              data={Object.entries(ICT_SERVICE_TYPES).map(([value, label]) => ({
                value,
                label: `${value} ${label}`,
              }))}
              {...form.getInputProps('ictServiceType')}
            />
            <Select
              label="Supports a critical or important function"
              data={[
                { value: '', label: 'Not stated' },
                { value: 'yes', label: 'Yes' },
                { value: 'no', label: 'No' },
              ]}
              allowDeselect={false}
              {...form.getInputProps('critical')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Dates">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Start date" type="date" required {...form.getInputProps('startDate')} />
            <TextInput label="End date" type="date" {...form.getInputProps('endDate')} />
            <TimeZoneSelect
              label="Time zone"
              description="Calendar and SLA periods are read in it"
              placeholder={vendor ? `The vendor’s (${vendor.timezone})` : 'The vendor’s time zone'}
              clearable
              {...form.getInputProps('timezone')}
            />
            <TextInput label="Renewal date" type="date" {...form.getInputProps('renewalDate')} />
            <NumberInput
              label="Notice period (days)"
              description="Notice must be given this long before renewal"
              min={0}
              max={3650}
              allowDecimal={false}
              {...form.getInputProps('noticePeriodDays')}
            />
          </SimpleGrid>
        </Section>
        <Section title="Money">
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <CurrencySelect
              label="Currency"
              placeholder={
                orgCurrency.data ? `The organisation’s (${orgCurrency.data})` : 'The organisation’s'
              }
              clearable
              {...form.getInputProps('currency')}
            />
            <MoneyInput
              label="Monthly fee"
              currency={currency}
              value={form.values.monthlyFee}
              onChange={(v) => form.setFieldValue('monthlyFee', v)}
              error={form.errors.monthlyFee}
            />
            <MoneyInput
              label="Total budget"
              currency={currency}
              value={form.values.budget}
              onChange={(v) => form.setFieldValue('budget', v)}
              error={form.errors.budget}
            />
          </SimpleGrid>
        </Section>
        <FormActions submitLabel={submitLabel} submitting={submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
