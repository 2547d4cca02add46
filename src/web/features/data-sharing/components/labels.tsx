import { Badge, Group, Tooltip } from '@mantine/core';
import type { Classification, Flag } from '../../../../contracts/data-sharing';

export const MECHANISM_LABELS: Record<string, string> = {
  adequacy: 'Adequacy decision',
  scc: 'Standard contractual clauses',
  bcr: 'Binding corporate rules',
  none: 'None',
};

export const FLAG_LABELS: Record<Flag['code'], string> = {
  cross_border_without_mechanism: 'Cross-border without mechanism',
  restricted_without_encryption: 'Restricted without encryption',
  dpa_missing: 'No current DPA',
};

const CLASS_COLORS: Record<Classification, string> = {
  public: 'gray',
  internal: 'blue',
  confidential: 'orange',
  restricted: 'red',
};

export function ClassificationBadge({ value }: { value: Classification }) {
  return (
    <Badge color={CLASS_COLORS[value]} variant="light">
      {value}
    </Badge>
  );
}

/** Each flag as a red badge with its full message on hover. */
export function FlagBadges({ flags }: { flags: Flag[] }) {
  if (flags.length === 0)
    return (
      <Badge color="green" variant="outline" data-testid="no-flags">
        No flags
      </Badge>
    );
  return (
    <Group gap={4}>
      {flags.map((f) => (
        <Tooltip key={f.code} label={f.message} multiline w={280}>
          <Badge
            color="red"
            variant="filled"
            tt="none"
            data-testid={`flag-${f.code}`}
            styles={{
              root: { height: 'auto', paddingBlock: 2 },
              label: { whiteSpace: 'normal', overflow: 'visible' },
            }}
          >
            {FLAG_LABELS[f.code]}
          </Badge>
        </Tooltip>
      ))}
    </Group>
  );
}

const TIER_COLORS = { 1: 'red', 2: 'orange', 3: 'yellow', 4: 'green' } as const;
export function TierBadge({ tier }: { tier: 1 | 2 | 3 | 4 }) {
  return (
    <Badge color={TIER_COLORS[tier]} size="lg" data-testid="tier-badge">
      Tier {tier}
    </Badge>
  );
}
