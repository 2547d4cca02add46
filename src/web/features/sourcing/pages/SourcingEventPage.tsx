import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Ranking, Score, SourcingEvent } from '../../../../contracts/sourcing';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { humanise } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { LoadError, LoadingBlock } from '../../../components/QueryState';
import { useAward, useRanking, useScore, useScores, useSourcingEvent, useUpdateEvent } from '../api';
import { STATUS_COLOURS } from './SourcingListPage';

/** A spread between evaluators this wide (points of 100) is worth a conversation. */
const WIDE_SPREAD = 20;
const SCORE_OPTIONS = ['0', '1', '2', '3', '4', '5'].map((v) => ({ value: v, label: v }));

/** One sourcing event: the ranking, the caller's scores, and the award. */
export function SourcingEventPage() {
  const { id = '' } = useParams();
  const event = useSourcingEvent(id);
  const ranking = useRanking(id);
  const scores = useScores(id);
  if (event.isPending) return <LoadingBlock />;
  if (event.error)
    return <LoadError error={event.error} onRetry={() => event.refetch()} what="sourcing event" />;
  const e = event.data;
  return (
    <>
      <PageHeader
        title={e.title}
        description={`${humanise(e.function)} · ${e.candidates.length} candidate${e.candidates.length === 1 ? '' : 's'} · evaluators: ${e.evaluators.map((x) => x.name).join(', ')}`}
        actions={
          <Badge size="lg" color={STATUS_COLOURS[e.status]} variant="light" data-testid="sourcing-status">
            {e.status}
          </Badge>
        }
      />
      {e.scopeSummary ? (
        <Text mb="md" style={{ whiteSpace: 'pre-wrap' }}>
          {e.scopeSummary}
        </Text>
      ) : null}
      {e.status === 'awarded' && e.awardedEngagementId ? (
        <Alert color="teal" mb="md" title="Awarded">
          Awarded to {e.candidates.find((c) => c.vendorId === e.awardedVendorId)?.vendorName}:{' '}
          <Anchor component={Link} to={`/engagements/${e.awardedEngagementId}`}>
            open the draft engagement
          </Anchor>
          .
        </Alert>
      ) : null}
      <Stack gap="lg">
        {ranking.isPending ? (
          <LoadingBlock />
        ) : ranking.error ? (
          <LoadError error={ranking.error} onRetry={() => ranking.refetch()} />
        ) : (
          <RankingTable event={e} ranking={ranking.data} />
        )}
        {scores.data && ranking.data ? (
          <MyScores event={e} ranking={ranking.data} scores={scores.data} />
        ) : null}
        {e.status === 'open' ? <AwardPanel event={e} ranking={ranking.data} /> : null}
      </Stack>
    </>
  );
}

function RankingTable({ event, ranking }: { event: SourcingEvent; ranking: Ranking }) {
  const names = new Map(event.candidates.map((c) => [c.vendorId, c.vendorName]));
  const criterionName = new Map(event.criteria.map((c) => [c.id, c.name]));
  const changing = ranking.sensitivity.cases.filter((c) => c.orderChanged);
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        Ranking
      </Title>
      <Table data-testid="ranking">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Rank</Table.Th>
            <Table.Th>Vendor</Table.Th>
            <Table.Th>Weighted score</Table.Th>
            {event.criteria.map((c) => (
              <Table.Th key={c.id}>
                {c.name} ({c.normalisedWeight}%)
              </Table.Th>
            ))}
            <Table.Th>Spread between evaluators</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {ranking.candidates.map((c) => (
            <Table.Tr key={c.vendorId} data-testid="ranking-row">
              <Table.Td>{c.rank ?? '—'}</Table.Td>
              <Table.Td fw={600}>{c.vendorName}</Table.Td>
              <Table.Td>
                {c.weightedScore === null ? 'not scored' : c.weightedScore.toFixed(2)}
                {!c.complete ? (
                  <Text size="xs" c="orange">
                    {c.missing.length} score{c.missing.length === 1 ? '' : 's'} missing
                  </Text>
                ) : null}
              </Table.Td>
              {c.byCriterion.map((b) => (
                <Table.Td key={b.criterionId}>
                  {b.mean === null ? '—' : b.mean.toFixed(2)}
                  {b.spread !== null && b.spread >= 2 ? (
                    <Text size="xs" c="orange">
                      scores {b.min}–{b.max}
                    </Text>
                  ) : null}
                </Table.Td>
              ))}
              <Table.Td>
                {c.evaluatorSpread.spread === null ? (
                  '—'
                ) : (
                  <Text size="sm" c={c.evaluatorSpread.spread >= WIDE_SPREAD ? 'red' : undefined}>
                    {c.evaluatorSpread.min}–{c.evaluatorSpread.max} ({c.evaluatorSpread.spread} points)
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" mt="sm" data-testid="sensitivity">
        {ranking.candidates.every((c) => c.weightedScore === null)
          ? 'No scores yet.'
          : ranking.sensitivity.stable
            ? 'Stable: no single weight moved by ±10 points changes the order.'
            : `Sensitive: ${changing
                .map(
                  (k) =>
                    `${criterionName.get(k.criterionId)} ${k.delta > 0 ? '+' : '−'}10 → ${k.order
                      .map((o) => names.get(o.vendorId))
                      .join(' > ')}`,
                )
                .join('; ')}.`}
      </Text>
    </Paper>
  );
}

function MyScores({ event, ranking, scores }: { event: SourcingEvent; ranking: Ranking; scores: Score[] }) {
  const user = useUser();
  const score = useScore(event.id);
  const [comments, setComments] = useState<Record<string, string>>({});
  const isEvaluator = event.evaluators.some((e) => e.userId === user.id);
  if (!isEvaluator || event.status !== 'open') return null;
  const mine = new Map(
    scores.filter((s) => s.evaluatorId === user.id).map((s) => [`${s.vendorId}|${s.criterionId}`, s]),
  );
  const suggestion = (vendorId: string, criterionId: string) =>
    ranking.candidates
      .find((c) => c.vendorId === vendorId)
      ?.byCriterion.find((b) => b.criterionId === criterionId);
  const save = (vendorId: string, criterionId: string, value: number) =>
    score.mutate(
      {
        vendorId,
        criterionId,
        score: value,
        comment: comments[`${vendorId}|${criterionId}`]?.trim() || null,
      },
      { onError: (error) => notifyError(error) },
    );
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        Your scores (0–5)
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Criterion</Table.Th>
            {event.candidates.map((c) => (
              <Table.Th key={c.vendorId}>{c.vendorName}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {event.criteria.map((cr) => (
            <Table.Tr key={cr.id}>
              <Table.Td fw={600}>{cr.name}</Table.Td>
              {event.candidates.map((c) => {
                const key = `${c.vendorId}|${cr.id}`;
                const s = suggestion(c.vendorId, cr.id);
                return (
                  <Table.Td key={c.vendorId}>
                    <Stack gap={4}>
                      <Select
                        aria-label={`${cr.name} score for ${c.vendorName}`}
                        data={SCORE_OPTIONS}
                        value={mine.has(key) ? String(mine.get(key)!.score) : null}
                        placeholder="Score"
                        onChange={(v) => v !== null && save(c.vendorId, cr.id, Number(v))}
                        w={110}
                      />
                      <TextInput
                        aria-label={`${cr.name} comment for ${c.vendorName}`}
                        placeholder="Comment"
                        size="xs"
                        value={comments[key] ?? mine.get(key)?.comment ?? ''}
                        onChange={(ev) => setComments({ ...comments, [key]: ev.currentTarget.value })}
                        onBlur={() => mine.has(key) && save(c.vendorId, cr.id, mine.get(key)!.score)}
                      />
                      {s?.suggestionBasis ? (
                        <Tooltip label={s.suggestionBasis} multiline w={260}>
                          <Text size="xs" c="dimmed">
                            {s.suggested === null ? 'No suggestion' : `Suggested ${s.suggested}`}
                          </Text>
                        </Tooltip>
                      ) : null}
                    </Stack>
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function AwardPanel({ event, ranking }: { event: SourcingEvent; ranking: Ranking | undefined }) {
  const user = useUser();
  const navigate = useNavigate();
  const award = useAward(event.id);
  const cancel = useUpdateEvent(event.id);
  const leader = ranking?.candidates.find((c) => c.rank === 1)?.vendorId ?? null;
  const [vendorId, setVendorId] = useState<string | null>(null);
  const [startDate, setStartDate] = useState('');
  if (!permissions.writeEngagements(user)) return null;
  const chosen = vendorId ?? leader;
  return (
    <Paper withBorder p="md">
      <Title order={4} mb="xs">
        Award
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        Awarding closes the event and opens a draft engagement for the vendor.
      </Text>
      <Group align="flex-end">
        <Select
          label="Vendor"
          data={event.candidates.map((c) => ({ value: c.vendorId, label: c.vendorName }))}
          value={chosen}
          onChange={setVendorId}
          allowDeselect={false}
          w={240}
        />
        <TextInput
          label="Start date"
          type="date"
          value={startDate}
          onChange={(e) => setStartDate(e.currentTarget.value)}
        />
        <Button
          disabled={!chosen || !startDate}
          loading={award.isPending}
          onClick={() =>
            chosen &&
            award.mutate(
              { vendorId: chosen, startDate },
              {
                onSuccess: (r) => {
                  notifySuccess(`Awarded: the draft engagement "${r.engagement.title}" is open.`);
                  navigate(`/engagements/${r.engagement.id}`);
                },
                onError: (error) => notifyError(error),
              },
            )
          }
        >
          Award
        </Button>
        <Button
          variant="subtle"
          color="red"
          loading={cancel.isPending}
          onClick={() => cancel.mutate({ status: 'cancelled' }, { onError: (error) => notifyError(error) })}
        >
          Cancel the event
        </Button>
      </Group>
    </Paper>
  );
}
