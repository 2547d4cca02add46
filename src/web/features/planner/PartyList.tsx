import { ActionIcon, Button, Group, Paper, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { PartyInput } from '../../../contracts/planner';
import { CountrySelect, TimeZoneSelect } from '../../components/FormParts';

import { useVendorOptions } from './api';

/** A party as the page keeps it: a stored one ("org", a vendor id) with optional hours, or ad hoc. */
export interface DraftParty {
  key: string;
  label: string;
  input: PartyInput;
  /** Working hours typed on the page; empty means the stored or default hours. */
  start: string;
  end: string;
}

/** The party as the API takes it: hours only when both ends are given. */
export const toInput = (p: DraftParty): PartyInput =>
  p.start || p.end ? { ...p.input, hours: { start: p.start, end: p.end } } : p.input;

/** The parties being compared, with a way to add the organisation, a vendor or an ad-hoc party. */
export function PartyList({
  parties,
  onChange,
}: {
  parties: DraftParty[];
  onChange: (next: DraftParty[]) => void;
}) {
  const vendors = useVendorOptions();
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [adHoc, setAdHoc] = useState({
    name: '',
    timezone: null as string | null,
    country: null as string | null,
  });
  const taken = new Set(parties.map((p) => p.input.id));
  const add = (p: DraftParty) => onChange([...parties, p]);
  const setHours = (key: string, which: 'start' | 'end', value: string) =>
    onChange(parties.map((p) => (p.key === key ? { ...p, [which]: value } : p)));

  return (
    <Stack gap="sm">
      {parties.map((p) => (
        <Paper key={p.key} withBorder p="sm" data-testid="planner-party">
          <Group justify="space-between" wrap="wrap">
            <Text fw={500}>{p.label}</Text>
            <Group gap="xs">
              <TextInput
                size="xs"
                w={90}
                aria-label={`${p.label} starts`}
                placeholder={p.input.id === 'org' ? 'settings' : '09:00'}
                value={p.start}
                onChange={(e) => setHours(p.key, 'start', e.currentTarget.value)}
              />
              <Text size="xs">to</Text>
              <TextInput
                size="xs"
                w={90}
                aria-label={`${p.label} ends`}
                placeholder={p.input.id === 'org' ? 'settings' : '17:00'}
                value={p.end}
                onChange={(e) => setHours(p.key, 'end', e.currentTarget.value)}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Remove ${p.label}`}
                onClick={() => onChange(parties.filter((x) => x.key !== p.key))}
              >
                ×
              </ActionIcon>
            </Group>
          </Group>
        </Paper>
      ))}
      <Group align="flex-end" wrap="wrap">
        {!taken.has('org') ? (
          <Button
            variant="default"
            onClick={() =>
              add({ key: 'org', label: 'Our organisation', input: { id: 'org' }, start: '', end: '' })
            }
          >
            Add our organisation
          </Button>
        ) : null}
        <Select
          label="Vendor"
          placeholder="Pick a vendor"
          searchable
          data={(vendors.data?.items ?? [])
            .filter((v) => !taken.has(v.id))
            .map((v) => ({ value: v.id, label: `${v.name} (${v.timezone})` }))}
          value={vendorId}
          onChange={setVendorId}
        />
        <Button
          variant="default"
          disabled={!vendorId}
          onClick={() => {
            const v = vendors.data?.items.find((x) => x.id === vendorId);
            if (v) add({ key: v.id, label: v.name, input: { id: v.id }, start: '', end: '' });
            setVendorId(null);
          }}
        >
          Add vendor
        </Button>
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput
          label="Ad-hoc party"
          placeholder="e.g. Manila night desk"
          value={adHoc.name}
          onChange={(e) => setAdHoc({ ...adHoc, name: e.currentTarget.value })}
        />
        <TimeZoneSelect
          label="Time zone"
          value={adHoc.timezone}
          onChange={(timezone) => setAdHoc({ ...adHoc, timezone })}
        />
        <CountrySelect
          label="Country"
          value={adHoc.country}
          onChange={(country) => setAdHoc({ ...adHoc, country })}
        />
        <Button
          variant="default"
          disabled={!adHoc.name.trim() || !adHoc.timezone || !adHoc.country || taken.has(adHoc.name.trim())}
          onClick={() => {
            const name = adHoc.name.trim();
            add({
              key: `adhoc-${name}`,
              label: name,
              input: { id: name, timezone: adHoc.timezone!, country: adHoc.country! },
              start: '',
              end: '',
            });
            setAdHoc({ name: '', timezone: null, country: null });
          }}
        >
          Add party
        </Button>
      </Group>
    </Stack>
  );
}
