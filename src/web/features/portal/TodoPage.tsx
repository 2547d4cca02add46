import { Anchor, Badge, Group, Paper, SimpleGrid, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useUser } from '../../app/session';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { errorMessage } from '../../components/QueryState';
import { formatDate } from '../../components/reference-data';
import { useOpenAssessments, useOpenFindings, useScorecardsToAnswer, useUnreadThreads } from './api';

interface Row {
  key: string;
  to: string;
  title: string;
  detail: string;
  badge?: ReactNode;
}

/** `2026-11` → "November 2026", `2026-Q3` → "Q3 2026". */
function periodLabel(period: string): string {
  const [year, part = ''] = period.split('-');
  if (part.startsWith('Q')) return `${part} ${year}`;
  return new Date(Date.UTC(Number(year), Number(part) - 1, 1)).toLocaleDateString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

const today = () => new Date().toISOString().slice(0, 10);

/** "due 12 Mar 2026", or "overdue since …" in red once the day has passed. */
function dueBadge(day: string) {
  const late = day < today();
  return (
    <Badge color={late ? 'red' : 'gray'} variant="light">
      {late ? `Overdue since ${formatDate(day)}` : `Due ${formatDate(day)}`}
    </Badge>
  );
}

/** One kind of work: a heading with its count, the rows, or a line saying there is nothing. */
function TodoSection({
  title,
  testId,
  none,
  state,
}: {
  title: string;
  testId: string;
  none: string;
  state: { isPending: boolean; error: unknown; rows: Row[] };
}) {
  return (
    <Paper withBorder p="md" data-testid={testId}>
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {state.rows.length > 0 ? <Badge data-testid="todo-count">{state.rows.length}</Badge> : null}
      </Group>
      {state.isPending ? (
        <Stack gap="xs" data-testid="loading">
          <Skeleton h={18} />
          <Skeleton h={18} />
        </Stack>
      ) : state.error ? (
        <Text c="red" size="sm">
          {errorMessage(state.error)}
        </Text>
      ) : state.rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {none}
        </Text>
      ) : (
        <Stack gap="xs">
          {state.rows.map((r) => (
            <Group key={r.key} justify="space-between" wrap="nowrap" gap="sm" data-testid="todo-item">
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Anchor component={Link} to={r.to} fw={600} size="sm">
                  {r.title}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {r.detail}
                </Text>
              </Stack>
              {r.badge}
            </Group>
          ))}
        </Stack>
      )}
    </Paper>
  );
}

const ASSESSMENT_STAGE: Record<string, string> = {
  sent: 'Not started',
  in_progress: 'Started, not submitted',
  clarification_requested: 'Clarification asked for',
};

/**
 * The vendor portal's first page: everything the client is waiting for from this vendor —
 * questionnaires to answer, scorecards to respond to, findings to remediate, messages and mentions.
 */
export function TodoPage() {
  const user = useUser();
  const assessments = useOpenAssessments();
  const findings = useOpenFindings();
  const scorecards = useScorecardsToAnswer();
  const threads = useUnreadThreads();
  const sections = [
    {
      title: 'Questionnaires due',
      testId: 'todo-questionnaires',
      none: 'No questionnaire is waiting for your answers.',
      state: {
        isPending: assessments.isPending,
        error: assessments.error,
        rows: (assessments.data ?? []).map((a) => ({
          key: a.id,
          to: `/assessments/${a.id}`,
          title: a.templateName,
          detail: ASSESSMENT_STAGE[a.status] ?? '',
          badge: dueBadge(a.dueDate),
        })),
      },
    },
    {
      title: 'Scorecards to answer',
      testId: 'todo-scorecards',
      none: 'No published scorecard awaits your response.',
      state: {
        isPending: scorecards.isPending,
        error: scorecards.error,
        rows: scorecards.items.map((s) => ({
          key: s.id,
          to: `/engagements/${s.engagementId}/quality`,
          title: `Scorecard for ${periodLabel(s.period)}: ${s.engagementTitle}`,
          detail: `Published ${formatDate(s.publishedAt)}${s.total === null ? '' : ` · total ${Math.round(s.total)} of 100`}`,
        })),
      },
    },
    {
      title: 'Findings to remediate',
      testId: 'todo-findings',
      none: 'No open finding is assigned to your organisation.',
      state: {
        isPending: findings.isPending,
        error: findings.error,
        rows: (findings.data ?? []).map((f) => ({
          key: f.id,
          to: `/vendors/${f.vendorId}/assessments`,
          title: f.title,
          detail: `${f.severity.charAt(0).toUpperCase()}${f.severity.slice(1)} severity · ${f.status === 'open' ? 'Open' : 'In progress'}`,
          badge: dueBadge(f.dueOn),
        })),
      },
    },
    {
      title: 'Messages and mentions',
      testId: 'todo-messages',
      none: 'You have read every message.',
      state: {
        isPending: threads.isPending,
        error: threads.error,
        rows: (threads.data ?? []).map((t) => ({
          key: t.id,
          to: t.engagementId ? `/engagements/${t.engagementId}?tab=messages&thread=${t.id}` : '/inbox',
          title: t.title,
          detail: t.engagementTitle ?? '',
          badge: (
            <Badge color="red" variant="filled">
              {`${t.unreadCount} unread`}
            </Badge>
          ),
        })),
      },
    },
  ];
  const settled = sections.every((s) => !s.state.isPending && !s.state.error);
  const nothing = settled && sections.every((s) => s.state.rows.length === 0);
  return (
    <Stack>
      <PageHeader
        title="To do"
        description={`What your client is waiting for from you, ${user.name.split(' ')[0]}, most urgent first.`}
      />
      {nothing ? (
        <EmptyState title="Nothing waiting for you" testId="todo-empty">
          When your client sends a questionnaire, publishes a scorecard, raises a finding or writes to you, it
          shows here.
        </EmptyState>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          {sections.map((s) => (
            <TodoSection key={s.testId} {...s} />
          ))}
        </SimpleGrid>
      )}
    </Stack>
  );
}
