import { Alert, Badge, Group, Paper, RingProgress, Stack, Text, Title } from '@mantine/core';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { LintFinding } from '../../../../contracts/engagements';
import { humanise } from '../../../components/format';

const FindingsContext = createContext<Map<string, LintFinding[]>>(new Map());

const SEVERITY_COLORS: Record<LintFinding['severity'], string> = {
  error: 'red',
  warning: 'orange',
  info: 'blue',
};

/** Makes the findings available to every field of the editor, by the path they point at. */
export function FindingsProvider({ findings, children }: { findings: LintFinding[]; children: ReactNode }) {
  const byPath = useMemo(() => {
    const map = new Map<string, LintFinding[]>();
    for (const f of findings) map.set(f.path, [...(map.get(f.path) ?? []), f]);
    return map;
  }, [findings]);
  return <FindingsContext.Provider value={byPath}>{children}</FindingsContext.Provider>;
}

/** The findings that point exactly at `path`, shown under the field. */
export function FindingsAt({ path }: { path: string }) {
  const findings = useContext(FindingsContext).get(path);
  if (!findings?.length) return null;
  return (
    <Stack gap={2} mt={4}>
      {findings.map((f) => (
        <Text
          key={`${f.rule}:${f.message}`}
          size="xs"
          c={SEVERITY_COLORS[f.severity]}
          data-testid="finding"
          data-path={f.path}
          data-severity={f.severity}
        >
          {f.message}
        </Text>
      ))}
    </Stack>
  );
}

function scoreColor(score: number): string {
  if (score >= 85) return 'teal';
  if (score >= 60) return 'yellow';
  return 'red';
}

/** The clarity score and every finding, worst first. */
export function ClarityPanel({
  score,
  findings,
  checking,
  unavailable,
}: {
  score: number | null;
  findings: LintFinding[];
  checking: boolean;
  unavailable?: string;
}) {
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...findings].sort((a, b) => order[a.severity] - order[b.severity]);
  return (
    <Paper withBorder p="md" data-testid="clarity-panel">
      <Group justify="space-between" mb="xs">
        <Title order={5}>Clarity score</Title>
        {checking ? (
          <Text size="xs" c="dimmed">
            checking…
          </Text>
        ) : null}
      </Group>
      <Group gap="md" mb="sm" wrap="nowrap">
        <RingProgress
          size={92}
          thickness={9}
          roundCaps
          sections={score === null ? [] : [{ value: score, color: scoreColor(score) }]}
          label={
            <Text ta="center" fw={700} size="lg" data-testid="clarity-score">
              {score ?? '–'}
            </Text>
          }
        />
        <Text size="xs" c="dimmed">
          100 means every part a SOW needs is written and nothing is unclear. A missing part costs its weight
          (objectives and scope 16 each, KPIs 14…), an error 10, a warning 4, a note 1. Errors must be fixed
          before approval.
        </Text>
      </Group>
      {unavailable ? (
        <Alert color="orange" variant="light" p="xs" mb="xs">
          <Text size="xs">{unavailable}</Text>
        </Alert>
      ) : null}
      {sorted.length === 0 && score !== null ? (
        <Text size="sm" c="teal">
          No findings: the scope reads clearly.
        </Text>
      ) : (
        <Stack gap={6} data-testid="finding-summary">
          {sorted.map((f) => (
            <Group key={`${f.path}:${f.rule}:${f.message}`} gap={6} wrap="nowrap" align="flex-start">
              <Badge
                size="xs"
                color={SEVERITY_COLORS[f.severity]}
                variant="light"
                style={{ flexShrink: 0, overflow: 'visible' }}
              >
                {humanise(f.severity)}
              </Badge>
              <Stack gap={0}>
                <Text size="xs">{f.message}</Text>
                <Text size="xs" c="dimmed">
                  {pathLabel(f.path)}
                </Text>
              </Stack>
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

/** Where in the SOW a finding points, in words: `inScope[0]` → "In scope, item 1", `kpis[2].direction` → "KPIs, item 3, direction". */
function pathLabel(path: string): string {
  return path
    .split(/\.|(?=\[)/)
    .filter(Boolean)
    .map((part) => {
      const index = /^\[(\d+)\]$/.exec(part);
      return index ? `item ${Number(index[1]) + 1}` : humanise(part);
    })
    .map((part, i) =>
      i > 0 && /^[A-Z][a-z]/.test(part) ? part.charAt(0).toLowerCase() + part.slice(1) : part,
    )
    .join(', ');
}
