import { Grid, NumberInput, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { REPORTING_CADENCES } from '../../../../contracts/engagements';
import { humanOptions } from '../../../components/format';
import { errorMessage } from '../../../components/QueryState';
import { useLint } from '../api';
import { type Doc, prepare } from '../sow-document';
import { ClarityPanel, FindingsAt, FindingsProvider } from './findings';
import { DeliverablesEditor, LinesEditor, MilestonesEditor } from './sow-sections';
import { ForumsEditor, KpisEditor, RaciEditor } from './sow-tables';

function Section({ title, hint, children }: { title: string; hint?: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md">
      <Title order={5}>{title}</Title>
      {hint ? (
        <Text size="xs" c="dimmed" mb="sm">
          {hint}
        </Text>
      ) : (
        <div style={{ height: 8 }} />
      )}
      {children}
    </Paper>
  );
}

/** The guided SOW editor: every section of the document, with the findings next to their fields. */
/** The four sections that are plain lists of lines, in the order the editor shows them. */
const TEXT_SECTIONS = [
  {
    key: 'objectives',
    title: 'Objectives',
    hint: 'What the engagement must achieve, measurably.',
    itemLabel: 'Objective',
  },
  {
    key: 'inScope',
    title: 'In scope',
    hint: 'Each service or task the vendor performs.',
    itemLabel: 'In-scope item',
  },
  {
    key: 'outOfScope',
    title: 'Out of scope',
    hint: 'What nobody should assume is included.',
    itemLabel: 'Out-of-scope item',
  },
  {
    key: 'assumptions',
    title: 'Assumptions',
    hint: 'What each side relies on the other for.',
    itemLabel: 'Assumption',
  },
] as const;

export function SowEditor({
  value,
  onChange,
  currency,
}: {
  value: Doc;
  onChange: (doc: Doc) => void;
  currency: string;
}) {
  const set =
    <K extends keyof Doc>(key: K) =>
    (v: Doc[K]) =>
      onChange({ ...value, [key]: v });
  return (
    <Stack gap="md" data-testid="sow-editor">
      {TEXT_SECTIONS.map(({ key, title, hint, itemLabel }) => (
        <Section key={key} title={title} hint={hint}>
          <LinesEditor path={key} lines={value[key]} onChange={set(key)} itemLabel={itemLabel} />
        </Section>
      ))}
      <Section
        title="Deliverables"
        hint="Each with acceptance criteria and a due date inside the engagement."
      >
        <DeliverablesEditor items={value.deliverables} onChange={set('deliverables')} />
      </Section>
      <Section title="Milestones" hint="In date order; payments add up to no more than the budget.">
        <MilestonesEditor items={value.milestones} onChange={set('milestones')} currency={currency} />
      </Section>
      <Section title="KPIs and service levels" hint="Each with a unit, a target and a measurement period.">
        <KpisEditor items={value.kpis} onChange={set('kpis')} />
        <div style={{ maxWidth: 260, marginTop: 12 }}>
          <NumberInput
            label="Service-credit cap %"
            description="of the monthly fee; at least the largest single KPI credit"
            min={0}
            max={100}
            value={value.creditCapPct ?? ''}
            onChange={(v) => set('creditCapPct')(typeof v === 'number' ? v : null)}
          />
          <FindingsAt path="creditCapPct" />
        </div>
      </Section>
      <Section title="RACI" hint="Who is responsible, accountable (exactly one), consulted and informed.">
        <RaciEditor items={value.raci} onChange={set('raci')} />
      </Section>
      <Section title="Governance">
        <Stack gap="sm">
          <Select
            label="Reporting cadence"
            placeholder="Not set"
            clearable
            data={humanOptions(REPORTING_CADENCES)}
            value={value.reportingCadence}
            onChange={(v) => set('reportingCadence')((v as Doc['reportingCadence']) ?? null)}
            maw={260}
          />
          <Text size="sm" fw={500}>
            Governance forums
          </Text>
          <ForumsEditor items={value.governanceForums} onChange={set('governanceForums')} />
        </Stack>
      </Section>
    </Stack>
  );
}

/**
 * The editor beside its live clarity score: ~400 ms after the last keystroke the unsaved document
 * goes to the linter, and its findings land next to the fields they point at.
 */
export function LiveSowEditor({
  engagementId,
  value,
  onChange,
  currency,
  aside,
}: {
  engagementId: string;
  value: Doc;
  onChange: (doc: Doc) => void;
  currency: string;
  aside?: ReactNode;
}) {
  const [settled] = useDebouncedValue(value, 400);
  const prepared = useMemo(() => prepare(settled), [settled]);
  const lint = useLint(engagementId, prepared.doc);
  const findings = useMemo(
    () =>
      prepared.doc
        ? (lint.data?.findings ?? []).map((f) => ({ ...f, path: prepared.toEditorPath(f.path) }))
        : prepared.problems,
    [prepared, lint.data],
  );
  const stale = settled !== value || lint.isFetching;
  return (
    <FindingsProvider findings={findings}>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <SowEditor value={value} onChange={onChange} currency={currency} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="md" style={{ position: 'sticky', top: 72 }}>
            {aside}
            <ClarityPanel
              score={prepared.doc ? (lint.data?.score ?? null) : null}
              findings={findings}
              checking={stale}
              unavailable={
                !prepared.doc
                  ? 'Fill in the fields marked below before the scope can be scored.'
                  : lint.error
                    ? `The linter did not answer: ${errorMessage(lint.error)}`
                    : undefined
              }
            />
          </Stack>
        </Grid.Col>
      </Grid>
    </FindingsProvider>
  );
}
