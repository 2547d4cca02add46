import { Checkbox, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { TimeInput } from '@mantine/dates';
import { useForm } from '@mantine/form';
import type { VendorSite } from '../../../../contracts/vendors';
import { CountrySelect, FormActions, TimeZoneSelect } from '../../../components/FormParts';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { useSaveSite, useVendorCalendarOptions } from '../api';
import { DAYS } from './site-days';

/** Add or change a delivery site (loaded when opened: the vendor page stays small). */
export function SiteModal({
  vendorId,
  site,
  onClose,
}: {
  vendorId: string;
  /** null: a new site. */
  site: VendorSite | null;
  onClose: () => void;
}) {
  const save = useSaveSite(vendorId);
  const calendars = useVendorCalendarOptions(vendorId);
  const form = useForm({
    initialValues: {
      name: site?.name ?? '',
      country: site?.country ?? (null as string | null),
      region: site?.region ?? '',
      timezone: site?.timezone ?? (null as string | null),
      workdays: (site?.workdays ?? ['mon', 'tue', 'wed', 'thu', 'fri']) as string[],
      hours: site?.hours ?? { start: '09:00', end: '17:00' },
      calendarId: site?.calendarId ?? (null as string | null),
    },
    validate: {
      name: (v) => (v.trim() ? null : 'Enter the site’s name'),
      country: (v) => (v ? null : 'Choose the site’s country'),
      timezone: (v) => (v ? null : 'Choose the site’s time zone'),
      workdays: (v) => (v.length ? null : 'Choose at least one working day'),
    },
  });
  const submit = form.onSubmit((values) => {
    const body = {
      name: values.name.trim(),
      country: values.country ?? '',
      region: values.region.trim() || null,
      timezone: values.timezone ?? '',
      // In week order, whatever order they were ticked in.
      workdays: DAYS.map(([d]) => d).filter((d) => values.workdays.includes(d)),
      hours: values.hours,
      calendarId: values.calendarId || null,
    };
    save.mutate(
      { id: site?.id ?? null, ...body },
      {
        onSuccess: () => {
          notifySuccess(site ? 'Site saved.' : `${body.name} added.`);
          onClose();
        },
        onError: (error: unknown) => showApiError(error, form),
      },
    );
  });
  return (
    <Modal opened onClose={onClose} title={site ? `Edit ${site.name}` : 'New delivery site'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput label="Name" required data-autofocus {...form.getInputProps('name')} />
          <Group grow align="flex-start">
            <CountrySelect label="Country" required {...form.getInputProps('country')} />
            <TextInput
              label="Region"
              description="State or province code, e.g. KA"
              {...form.getInputProps('region')}
            />
          </Group>
          <TimeZoneSelect label="Time zone" required {...form.getInputProps('timezone')} />
          <Checkbox.Group label="Working days" {...form.getInputProps('workdays')}>
            <Group mt="xs">
              {DAYS.map(([d, label]) => (
                <Checkbox key={d} value={d} label={label} />
              ))}
            </Group>
          </Checkbox.Group>
          <Group>
            <TimeInput label="Working hours start" w={160} {...form.getInputProps('hours.start')} />
            <TimeInput label="Working hours end" w={160} {...form.getInputProps('hours.end')} />
          </Group>
          <Select
            label="Holiday calendar"
            placeholder="The national holidays of the site’s country"
            clearable
            data={(calendars.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
            {...form.getInputProps('calendarId')}
          />
          <FormActions
            submitLabel={site ? 'Save site' : 'Add site'}
            submitting={save.isPending}
            onCancel={onClose}
            mt="sm"
          />
        </Stack>
      </form>
    </Modal>
  );
}
