import { Checkbox, Group, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import type { Organisation } from '../../../contracts/accounts';
import { leiProblem } from '../../../contracts/lei';
import { CountrySelect, CurrencySelect, FormActions, TimeZoneSelect } from '../../components/FormParts';
import { notifySuccess, showApiError } from '../../components/form-errors';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { Section } from '../../components/Section';
import { useOrganisation, useSaveOrganisation } from './api';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function OrganisationForm({ organisation }: { organisation: Organisation }) {
  const save = useSaveOrganisation();
  const form = useForm({
    initialValues: {
      name: organisation.name,
      country: organisation.country as string | null,
      timezone: organisation.timezone as string | null,
      currency: organisation.currency as string | null,
      workdays: organisation.workdays.map(String),
      hours: { ...organisation.hours },
      lei: organisation.lei ?? '',
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the organisation’s name'),
      lei: (v) => {
        const problem = v.trim() ? leiProblem(v.trim().toUpperCase()) : null;
        return problem ? `The LEI ${problem}` : null;
      },
      country: (v) => (v ? null : 'Choose a country'),
      timezone: (v) => (v ? null : 'Choose a time zone'),
      currency: (v) => (v ? null : 'Choose a currency'),
      workdays: (v) => (v.length ? null : 'Choose at least one working day'),
      hours: {
        start: (v) => (/^\d\d:\d\d$/.test(v) ? null : 'Use HH:MM'),
        end: (v, values) =>
          !/^\d\d:\d\d$/.test(v) ? 'Use HH:MM' : v <= values.hours.start ? 'Must end after it starts' : null,
      },
    },
  });
  const submit = form.onSubmit((values) =>
    save.mutate(
      {
        name: values.name.trim(),
        country: values.country ?? '',
        timezone: values.timezone ?? '',
        currency: values.currency ?? '',
        workdays: values.workdays.map(Number).sort((a, b) => a - b),
        hours: values.hours,
        lei: values.lei.trim() ? values.lei.trim().toUpperCase() : null,
      },
      {
        onSuccess: () => notifySuccess('Organisation settings saved.'),
        onError: (error) => showApiError(error, form),
      },
    ),
  );
  return (
    <form onSubmit={submit} noValidate data-testid="organisation-form">
      <Stack gap="lg">
        <Section title="Home side">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required {...form.getInputProps('name')} />
            <CountrySelect label="Country" required {...form.getInputProps('country')} />
            <TextInput
              label="LEI"
              placeholder="20 characters, ISO 17442"
              description="Legal Entity Identifier, for the DORA register"
              {...form.getInputProps('lei')}
            />
            <TimeZoneSelect label="Time zone" required {...form.getInputProps('timezone')} />
            <CurrencySelect label="Currency" required {...form.getInputProps('currency')} />
          </SimpleGrid>
        </Section>
        <Section
          title="Working week"
          description="The planner and SLA clocks compare vendors’ hours against these."
        >
          <Stack>
            <Checkbox.Group label="Working days" {...form.getInputProps('workdays')}>
              <Group mt="xs">
                {WEEKDAYS.map((day, i) => (
                  <Checkbox key={day} value={String(i + 1)} label={day} />
                ))}
              </Group>
            </Checkbox.Group>
            <Group>
              <TimeInput label="Working hours start" w={160} {...form.getInputProps('hours.start')} />
              <TimeInput label="Working hours end" w={160} {...form.getInputProps('hours.end')} />
            </Group>
          </Stack>
        </Section>
        <FormActions submitLabel="Save settings" submitting={save.isPending} />
      </Stack>
    </form>
  );
}

/** The organisation's own country, time zone, currency and working week. */
export function OrganisationPage() {
  const organisation = useOrganisation();
  return (
    <>
      <PageHeader
        title="Organisation"
        description="Your side of every comparison: business cases, engagements, the planner and the privacy register."
      />
      <QueryState query={organisation} rows={6}>
        {(org) => <OrganisationForm organisation={org} />}
      </QueryState>
    </>
  );
}
