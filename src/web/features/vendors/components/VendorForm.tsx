import { Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { leiProblem } from '../../../../contracts/lei';
import { CRITICALITIES } from '../../../../contracts/vendor-values';
import type { Vendor, VendorFacingVendor } from '../../../../contracts/vendors';
import { CountrySelect, FormActions, OwnerSelect, TimeZoneSelect } from '../../../components/FormParts';
import { humanOptions } from '../../../components/format';
import { Section } from '../../../components/Section';

interface VendorFormValues {
  name: string;
  legalName: string;
  country: string | null;
  timezone: string | null;
  languages: string[];
  services: string[];
  website: string;
  criticality: string | null;
  ownerId: string | null;
  notes: string;
  lei: string;
}

/** The form's values for a vendor (or a blank one). */
function vendorFormValues(vendor?: Vendor | VendorFacingVendor): VendorFormValues {
  const full = vendor && 'criticality' in vendor ? vendor : undefined;
  return {
    name: vendor?.name ?? '',
    legalName: vendor?.legalName ?? '',
    country: vendor?.country ?? null,
    timezone: vendor?.timezone ?? null,
    languages: vendor?.languages ?? [],
    services: vendor?.services ?? [],
    website: vendor?.website ?? '',
    criticality: full?.criticality ?? 'medium',
    ownerId: full?.ownerId ?? null,
    notes: full?.notes ?? '',
    lei: full?.lei ?? '',
  };
}

/** The request body for the values; internal fields only when the viewer may set them. */
export function vendorBody(values: VendorFormValues, opts: { internal: boolean; withOwner: boolean }) {
  const empty = (s: string) => (s.trim() === '' ? null : s.trim());
  return {
    // Only the client renames a vendor (a vendor user's form shows the name, read-only).
    ...(opts.internal ? { name: values.name.trim() } : {}),
    legalName: empty(values.legalName),
    ...(values.country ? { country: values.country } : {}),
    ...(values.timezone ? { timezone: values.timezone } : {}),
    languages: values.languages,
    services: values.services,
    website: empty(values.website),
    ...(opts.internal
      ? {
          ...(values.criticality ? { criticality: values.criticality as Vendor['criticality'] } : {}),
          notes: empty(values.notes),
          lei: empty(values.lei)?.toUpperCase() ?? null,
          ...(opts.withOwner ? { ownerId: values.ownerId } : {}),
        }
      : {}),
  };
}

export type VendorForm = ReturnType<typeof useVendorForm>;

export function useVendorForm(vendor?: Vendor | VendorFacingVendor) {
  return useForm<VendorFormValues>({
    initialValues: vendorFormValues(vendor),
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the vendor’s name'),
      country: (v) => (v ? null : 'Choose the country the vendor works from'),
      website: (v) =>
        !v.trim() || /^https?:\/\/\S+\.\S+$/i.test(v.trim())
          ? null
          : 'Use a full address, such as https://example.com',
      lei: (v) =>
        !v.trim()
          ? null
          : leiProblem(v.trim().toUpperCase())
            ? `The LEI ${leiProblem(v.trim().toUpperCase())}`
            : null,
    },
  });
}

/** Create or edit a vendor; a vendor user gets the profile fields only. */
export function VendorFormFields({
  form,
  internal,
  withOwner,
  submitLabel,
  submitting,
  onSubmit,
  onCancel,
}: {
  form: VendorForm;
  internal: boolean;
  withOwner: boolean;
  submitLabel: string;
  submitting: boolean;
  onSubmit: (values: VendorFormValues) => void;
  onCancel: () => void;
}) {
  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate data-testid="vendor-form">
      <Stack gap="lg">
        <Section title="Profile">
          <Stack>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label="Name"
                required
                autoFocus={internal}
                disabled={!internal}
                description={
                  internal ? undefined : 'Your client keeps this name; ask your contact there to change it'
                }
                {...form.getInputProps('name')}
              />
              <TextInput
                label="Legal name"
                placeholder="As registered"
                {...form.getInputProps('legalName')}
              />
              {internal ? (
                <TextInput
                  label="LEI"
                  placeholder="20 characters, ISO 17442"
                  description="Legal Entity Identifier, for the DORA register"
                  {...form.getInputProps('lei')}
                />
              ) : null}
              <CountrySelect
                label="Country"
                placeholder="Choose a country"
                required
                nothingFoundMessage="No country by that name"
                {...form.getInputProps('country')}
              />
              <TimeZoneSelect
                label="Time zone"
                placeholder="The country’s main time zone"
                description="Leave empty to use the country’s main time zone"
                clearable
                {...form.getInputProps('timezone')}
              />
              <TagsInput
                label="Languages"
                description="BCP 47 tags such as en, es, pt-BR; press Enter after each"
                placeholder="Add a language"
                {...form.getInputProps('languages')}
              />
              <TagsInput
                label="Services"
                description="What they offer, such as customer service or payroll"
                placeholder="Add a service"
                {...form.getInputProps('services')}
              />
              <TextInput
                label="Website"
                placeholder="https://example.com"
                {...form.getInputProps('website')}
              />
            </SimpleGrid>
          </Stack>
        </Section>
        {internal ? (
          <Section title="Internal">
            <Stack>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label="Criticality"
                  data={humanOptions(CRITICALITIES)}
                  allowDeselect={false}
                  {...form.getInputProps('criticality')}
                />
                {withOwner ? (
                  <OwnerSelect
                    description="The colleague who looks after this vendor"
                    {...form.getInputProps('ownerId')}
                  />
                ) : null}
              </SimpleGrid>
              <Textarea
                label="Notes"
                description="Never shown to the vendor"
                autosize
                minRows={3}
                {...form.getInputProps('notes')}
              />
            </Stack>
          </Section>
        ) : null}
        <FormActions submitLabel={submitLabel} submitting={submitting} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
