import { LineChart } from '@mantine/charts';
import {
  Accordion,
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import {
  CRITERION_LABELS,
  SCORECARD_CRITERIA,
  type Scorecard,
  type ScorecardCriterion,
  type ScorecardResponse,
} from '../../../../contracts/quality-reviews';
import { EmptyState } from '../../../components/EmptyState';
import { notifySuccess, showApiError } from '../../../components/form-errors';
import { DataTable } from '../../../components/ListPage';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { scorecardCalls, useScorecardAction, useScorecards } from '../api';

/** What each point of the 1–5 scale means, shown wherever a score is given or read. */
const SCALE: Record<number, string> = {
  1: 'Poor',
  2: 'Below expectations',
  3: 'Meets expectations',
  4: 'Above expectations',
  5: 'Excellent',
};
const SCORES = Object.entries(SCALE).map(([value, label]) => ({ value, label: `${value} – ${label}` }));
const scoreText = (score: number | null) => (score === null ? '—' : `${score} – ${SCALE[score]}`);
const STATUS_LABELS: Record<Scorecard['status'], string> = { draft: 'Draft', published: 'Published' };
const KIND_LABELS: Record<ScorecardResponse['kind'], string> = { response: 'Response', dispute: 'Dispute' };

/** How the weighted total is made, next to where it shows. */
function TotalExplained({ card }: { card: Scorecard }) {
  return (
    <Text size="xs" c="dimmed" data-testid="scorecard-total-explained">
      {card.total === null
        ? 'The total appears once every weighted criterion has a score. '
        : `Total ${card.total} out of 100. `}
      Each score counts as points out of 100 — 1 is 0, 2 is 25, 3 is 50, 4 is 75, 5 is 100 — and the total is
      their average weighted by each criterion's weight. A criterion with weight 0 does not count.
    </Text>
  );
}

function Lines({
  engagementId,
  card,
  editable,
  isVendor,
}: {
  engagementId: string;
  card: Scorecard;
  editable: boolean;
  /** The suggestions and their reasons are the client's working notes: not shown to the vendor. */
  isVendor: boolean;
}) {
  const [confirming, setConfirming] = useState(false);
  const [draft, setDraft] = useState(() =>
    Object.fromEntries(card.lines.map((l) => [l.criterion, { score: l.score, comment: l.comment }])),
  );
  const save = useScorecardAction(engagementId, scorecardCalls.update(card.id));
  const publish = useScorecardAction(engagementId, scorecardCalls.publish(card.id));
  const set = (c: string, change: Partial<{ score: number | null; comment: string }>) =>
    setDraft((d) => ({ ...d, [c]: { ...d[c]!, ...change } }));
  const body = () => ({
    lines: card.lines.map((l) => ({
      criterion: l.criterion,
      score: draft[l.criterion]!.score,
      comment: draft[l.criterion]!.comment,
    })),
  });
  return (
    <Stack gap="sm">
      <DataTable
        testId="scorecard-lines"
        verticalSpacing="xs"
        columns={
          isVendor
            ? ['Criterion', 'Weight', 'Score (1–5)', 'Comment']
            : ['Criterion', 'Weight', 'Suggested', 'Score (1–5)', 'Comment']
        }
      >
        {card.lines.map((l) => (
          <Table.Tr key={l.criterion}>
            <Table.Td>{l.label}</Table.Td>
            <Table.Td>{l.weight}</Table.Td>
            {isVendor ? null : (
              <Table.Td>
                <Text size="sm">{scoreText(l.suggested)}</Text>
                <Text size="xs" c="dimmed" maw={280}>
                  {l.explanation}
                </Text>
              </Table.Td>
            )}
            <Table.Td w={editable ? 210 : 170}>
              {editable ? (
                <Select
                  size="xs"
                  aria-label={`Score for ${l.label}`}
                  data={SCORES}
                  value={draft[l.criterion]!.score === null ? null : String(draft[l.criterion]!.score)}
                  onChange={(v) => set(l.criterion, { score: v ? Number(v) : null })}
                />
              ) : (
                <Text size="sm">{scoreText(l.score)}</Text>
              )}
            </Table.Td>
            <Table.Td>
              {editable ? (
                <TextInput
                  size="xs"
                  aria-label={`Comment for ${l.label}`}
                  value={draft[l.criterion]!.comment}
                  onChange={(e) => set(l.criterion, { comment: e.currentTarget.value })}
                />
              ) : (
                <Text size="sm">{l.comment || '—'}</Text>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <Text size="xs" c="dimmed">
        Scale:{' '}
        {Object.entries(SCALE)
          .map(([n, label]) => `${n} ${label.toLowerCase()}`)
          .join(' · ')}
        .
      </Text>
      <TotalExplained card={card} />
      {editable ? (
        <Group justify="flex-end">
          <Button
            variant="default"
            loading={save.isPending}
            onClick={() =>
              save.mutate(body(), {
                onSuccess: () => notifySuccess('Scores saved'),
                onError: (e) => showApiError(e),
              })
            }
          >
            Save scores
          </Button>
          <Button onClick={() => setConfirming(true)}>Publish</Button>
        </Group>
      ) : null}
      <Modal
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Publish the scorecard for ${card.period}?`}
      >
        <Stack>
          <Text size="sm">
            The vendor sees the scores and comments at once and is told; they can respond or dispute a score.
            A published scorecard cannot be changed — you answer the vendor instead.
          </Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
            <Button
              loading={save.isPending || publish.isPending}
              onClick={() =>
                save.mutate(body(), {
                  onSuccess: () =>
                    publish.mutate(undefined, {
                      onSuccess: () => {
                        setConfirming(false);
                        notifySuccess('Published: the vendor can see it now');
                      },
                      onError: (e) => {
                        setConfirming(false);
                        showApiError(e);
                      },
                    }),
                  onError: (e) => showApiError(e),
                })
              }
            >
              Publish scorecard
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ResponseItem({
  engagementId,
  card,
  r,
  canAnswer,
}: {
  engagementId: string;
  card: Scorecard;
  r: ScorecardResponse;
  canAnswer: boolean;
}) {
  const [answer, setAnswer] = useState('');
  const send = useScorecardAction(engagementId, scorecardCalls.answer(card.id));
  return (
    <Paper withBorder p="sm" radius="md" data-testid="scorecard-response">
      <Group gap="xs">
        <Badge color={r.kind === 'dispute' ? 'orange' : 'blue'} variant="light">
          {KIND_LABELS[r.kind]}
          {r.criterion ? `: ${CRITERION_LABELS[r.criterion]}` : ''}
        </Badge>
        <Text size="xs" c="dimmed">
          {r.authorName} · {formatInstant(r.createdAt)}
        </Text>
      </Group>
      <Text size="sm" mt={4}>
        {r.comment}
      </Text>
      {r.answer ? (
        <Text size="sm" mt="xs" c="dimmed">
          Answer from {r.answeredByName}: {r.answer}
        </Text>
      ) : canAnswer ? (
        <Group mt="xs" align="flex-end">
          <TextInput
            style={{ flex: 1 }}
            size="xs"
            aria-label="Answer"
            placeholder="Answer the vendor"
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
          />
          <Button
            size="xs"
            loading={send.isPending}
            onClick={() =>
              send.mutate(
                { responseId: r.id, comment: answer },
                { onSuccess: () => setAnswer(''), onError: (e) => showApiError(e) },
              )
            }
          >
            Answer
          </Button>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" mt="xs">
          Awaiting an answer.
        </Text>
      )}
    </Paper>
  );
}

function RespondForm({ engagementId, card }: { engagementId: string; card: Scorecard }) {
  const [kind, setKind] = useState<'response' | 'dispute'>('response');
  const [criterion, setCriterion] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const respond = useScorecardAction(engagementId, scorecardCalls.respond(card.id));
  return (
    <Stack gap="xs">
      <Group>
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(v) => setKind(v as 'response' | 'dispute')}
          data={[
            { value: 'response', label: 'Respond' },
            { value: 'dispute', label: 'Dispute a score' },
          ]}
        />
        <Select
          size="xs"
          aria-label="Criterion"
          placeholder={kind === 'dispute' ? 'Which score?' : 'The whole scorecard'}
          clearable
          data={SCORECARD_CRITERIA.map((c) => ({ value: c, label: CRITERION_LABELS[c] }))}
          value={criterion}
          onChange={setCriterion}
        />
      </Group>
      <Textarea
        aria-label="Your comment"
        placeholder="Your comment"
        value={comment}
        onChange={(e) => setComment(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <Group justify="flex-end">
        <Button
          size="xs"
          loading={respond.isPending}
          onClick={() =>
            respond.mutate(
              { kind, criterion: (criterion as ScorecardCriterion | null) ?? null, comment },
              {
                onSuccess: () => {
                  setComment('');
                  notifySuccess('Sent to the reviewer');
                },
                onError: (e) => showApiError(e),
              },
            )
          }
        >
          Send
        </Button>
      </Group>
    </Stack>
  );
}

/** Scorecards of the engagement: trend, drafts to score, published ones with the vendor's responses. */
export function ScorecardsCard({
  engagementId,
  canWrite,
  isVendor,
}: {
  engagementId: string;
  canWrite: boolean;
  isVendor: boolean;
}) {
  const list = useScorecards(engagementId);
  const [period, setPeriod] = useState('');
  const create = useScorecardAction(engagementId, scorecardCalls.create(engagementId));
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" mb="sm">
        <Title order={3}>Scorecards</Title>
        {canWrite ? (
          <Group gap="xs" align="flex-end">
            <TextInput
              size="xs"
              aria-label="Period"
              placeholder="2027-03 or 2027-Q1"
              value={period}
              onChange={(e) => setPeriod(e.currentTarget.value)}
            />
            <Button
              size="xs"
              loading={create.isPending}
              onClick={() =>
                create.mutate(period.trim(), {
                  onSuccess: () => setPeriod(''),
                  onError: (e) => showApiError(e),
                })
              }
            >
              New scorecard
            </Button>
          </Group>
        ) : null}
      </Group>
      <QueryState query={list} what="Scorecards">
        {(data) => (
          <Stack>
            {data.trend.points.length > 1 ? (
              <LineChart
                h={160}
                data={data.trend.points}
                dataKey="period"
                yAxisProps={{ domain: [0, 100] }}
                series={[{ name: 'total', label: 'Weighted total', color: 'indigo.6' }]}
                data-testid="scorecard-trend"
              />
            ) : null}
            {data.items.length === 0 ? (
              <EmptyState title="No scorecards yet">
                {canWrite
                  ? 'Open one for a month (2027-03) or quarter (2027-Q1): Outpost suggests scores from SLA results and deliverables.'
                  : 'Published scorecards of this engagement appear here.'}
              </EmptyState>
            ) : (
              <Accordion variant="separated" defaultValue={data.items[0]?.id}>
                {data.items.map((card) => (
                  <Accordion.Item key={card.id} value={card.id}>
                    <Accordion.Control>
                      <Group gap="sm">
                        <Text fw={600}>{card.period}</Text>
                        <Badge variant="light" color={card.status === 'published' ? 'teal' : 'gray'}>
                          {STATUS_LABELS[card.status]}
                        </Badge>
                        <Text size="sm" data-testid="scorecard-total">
                          {card.total === null ? 'Not fully scored' : `${card.total} / 100`}
                        </Text>
                        {card.openDisputes ? (
                          <Badge color="orange" variant="light">
                            {card.openDisputes} open dispute(s)
                          </Badge>
                        ) : null}
                      </Group>
                    </Accordion.Control>
                    <Accordion.Panel>
                      <Stack>
                        <Lines
                          engagementId={engagementId}
                          card={card}
                          editable={canWrite && card.status === 'draft'}
                          isVendor={isVendor}
                        />
                        {card.responses.map((r) => (
                          <ResponseItem
                            key={r.id}
                            engagementId={engagementId}
                            card={card}
                            r={r}
                            canAnswer={canWrite}
                          />
                        ))}
                        {isVendor && card.status === 'published' ? (
                          <RespondForm engagementId={engagementId} card={card} />
                        ) : null}
                      </Stack>
                    </Accordion.Panel>
                  </Accordion.Item>
                ))}
              </Accordion>
            )}
          </Stack>
        )}
      </QueryState>
    </Paper>
  );
}
