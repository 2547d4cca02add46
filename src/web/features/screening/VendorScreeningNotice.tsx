import { Alert, Anchor, Badge, Button, Group, TagsInput, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { VendorScreening } from '../../../contracts/screening';
import { permissions } from '../../app/permissions';
import { useUser } from '../../app/session';
import { notifyError } from '../../components/form-errors';
import { useRescreen, useSaveAliases, useVendorScreening } from './api';

const STATUS: Record<VendorScreening['status'], { label: string; color: string }> = {
  not_screened: { label: 'Not screened yet', color: 'gray' },
  clear: { label: 'Clear', color: 'green' },
  review: { label: 'Hits to review', color: 'orange' },
  blocked: { label: 'Held: confirmed sanctions match', color: 'red' },
};

/** On the vendor page, for internal users: the screening status, the aliases and screening again. */
export function VendorScreeningNotice({ vendorId }: { vendorId: string }) {
  const user = useUser();
  const query = useVendorScreening(vendorId);
  const rescreen = useRescreen(vendorId);
  const save = useSaveAliases(vendorId);
  const [aliases, setAliases] = useState<string[]>([]);
  useEffect(() => {
    if (query.data) setAliases(query.data.aliases);
  }, [query.data]);
  const s = query.data;
  if (!s) return null;
  const edit = permissions.editScreening(user);
  return (
    <Alert color={STATUS[s.status].color} title="Sanctions screening" mb="md" data-testid="vendor-screening">
      <Group gap="sm" mb="xs">
        <Badge color={STATUS[s.status].color}>{STATUS[s.status].label}</Badge>
        {s.screenedAt ? <Text size="sm">Last screened {new Date(s.screenedAt).toLocaleString()}</Text> : null}
        {s.openHits || s.trueMatches ? (
          <Anchor component={Link} to={`/screening/hits`} size="sm">
            {s.openHits} to review, {s.trueMatches} confirmed
          </Anchor>
        ) : null}
      </Group>
      {s.status === 'blocked' ? (
        <Text size="sm" mb="xs">
          This vendor cannot be approved and no new engagement can be opened with it.
        </Text>
      ) : null}
      <Group align="flex-end">
        <TagsInput
          label="Also known as"
          description="Other names the vendor trades under; screened with its name"
          value={aliases}
          onChange={setAliases}
          disabled={!edit}
          w={420}
        />
        {edit ? (
          <>
            <Button
              size="xs"
              variant="default"
              loading={save.isPending}
              onClick={() =>
                save.mutate(aliases, { onError: (e) => notifyError(e, 'The aliases were not saved') })
              }
            >
              Save aliases
            </Button>
            <Button
              size="xs"
              variant="default"
              loading={rescreen.isPending}
              onClick={() =>
                rescreen.mutate(undefined, { onError: (e) => notifyError(e, 'Screening failed') })
              }
            >
              Screen again
            </Button>
          </>
        ) : null}
      </Group>
    </Alert>
  );
}
