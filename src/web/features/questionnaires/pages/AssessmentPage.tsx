import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  RingProgress,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
// The same pure rule the server applies, so a conditional question appears as the vendor answers.
import { visibleQuestions } from '../../../../contracts/questionnaire-conditions';
import type {
  AnswerValue,
  Assessment,
  AssessmentStatus,
  VendorFacingAssessment,
} from '../../../../contracts/questionnaires';

/** A question as every viewer receives it (a vendor user's carry no weight or option points). */
type Question = VendorFacingAssessment['template']['sections'][number]['questions'][number];

import { ApiError } from '../../../app/api';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatDate, formatInstant } from '../../../components/reference-data';
import { useAssessment, useReviewAssessment, useSaveAnswers, useSubmitAssessment } from '../api';
import { AnswerInput, formatAnswer } from '../components/AnswerInput';
import { AssessmentStatusBadge, SeverityBadge } from '../components/labels';

const ANSWERABLE = new Set(['sent', 'in_progress', 'clarification_requested']);

/** Field errors of the API by question id (`answers.<id>`). */
function answerErrors(error: unknown): Record<string, string> | null {
  if (!(error instanceof ApiError) || !error.errors.length) return null;
  const out: Record<string, string> = {};
  for (const e of error.errors) {
    const id = e.field.startsWith('answers.') ? e.field.slice(8) : e.field;
    out[id] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
  }
  return out;
}

/** Scroll a question into view and put the cursor in its answer. */
function showQuestion(id: string) {
  const block = document.querySelector<HTMLElement>(`[data-testid="question-${CSS.escape(id)}"]`);
  if (!block) return;
  block.scrollIntoView({ behavior: 'smooth', block: 'center' });
  block.querySelector<HTMLElement>('input, textarea, button, [tabindex="0"]')?.focus({ preventScroll: true });
}

function Comments({ assessment, questionId }: { assessment: VendorFacingAssessment; questionId: string }) {
  const comments = assessment.comments.filter((c) => c.questionId === questionId);
  if (!comments.length) return null;
  return (
    <Stack gap={4} data-testid="question-comments">
      {comments.map((c) => (
        <Alert key={`${c.at}-${c.comment}`} color="orange" variant="light" p="xs">
          <Text size="sm">{c.comment}</Text>
          <Text size="xs" c="dimmed">
            {c.by} · {formatInstant(c.at)}
          </Text>
        </Alert>
      ))}
    </Stack>
  );
}

function QuestionBlock({ q, children }: { q: Question; children: React.ReactNode }) {
  if (q.type === 'info')
    return (
      <Alert color="blue" variant="light" data-testid="guidance">
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {q.text}
        </Text>
      </Alert>
    );
  return (
    <Stack gap={6} data-testid={`question-${q.id}`}>
      <Text fw={500} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {q.text}
        {q.required ? (
          <Text span c="red">
            {' '}
            *
          </Text>
        ) : null}
      </Text>
      {children}
    </Stack>
  );
}

/** The vendor's side: answer the questions shown, save a draft, submit. */
function AnswerView({ assessment: a }: { assessment: VendorFacingAssessment }) {
  const editable = ANSWERABLE.has(a.status);
  const [answers, setAnswers] = useState<Record<string, AnswerValue>>(a.answers);
  const [changed, setChanged] = useState<Set<string>>(new Set());
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveAnswers(a.id);
  const submit = useSubmitAssessment(a.id);
  const visible = useMemo(() => visibleQuestions(a.template, answers), [a.template, answers]);

  const setAnswer = (id: string, value: AnswerValue | null) => {
    setAnswers((prev) => {
      const next = { ...prev };
      if (value === null) delete next[id];
      else next[id] = value;
      return next;
    });
    setChanged((prev) => new Set(prev).add(id));
    setErrors(({ [id]: _, ...rest }) => rest);
  };
  const fail = (error: unknown) => {
    const byQuestion = answerErrors(error);
    if (byQuestion) {
      setErrors(byQuestion);
      notifyError(new ApiError(422, 'Some answers need attention: see the questions marked in red.'));
      // Take the person to the first question that needs attention, in the questionnaire's order.
      const first = a.template.sections.flatMap((s) => s.questions).find((q) => byQuestion[q.id]);
      if (first) requestAnimationFrame(() => showQuestion(first.id));
    } else notifyError(error);
  };
  const saveDraft = async (): Promise<boolean> => {
    if (!changed.size) return true;
    const body = Object.fromEntries([...changed].map((id) => [id, answers[id] ?? null]));
    try {
      const saved = await save.mutateAsync(body);
      setAnswers(saved.answers);
      setChanged(new Set());
      setErrors({});
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  };
  const onSubmit = async () => {
    if (!(await saveDraft())) return;
    submit.mutate(undefined, {
      onSuccess: () => notifySuccess('Submitted for review'),
      onError: fail,
    });
  };

  return (
    <Stack gap="lg">
      {a.status === 'clarification_requested' ? (
        <Alert color="orange" title="Clarification requested">
          The reviewer commented on some answers (shown next to them). Change what is needed and submit again.
        </Alert>
      ) : null}
      {!editable ? (
        <Alert color="gray" data-testid="read-only">
          {a.status === 'completed'
            ? 'This assessment is completed and kept as it is.'
            : 'Submitted for review: the answers cannot be changed unless the reviewer asks for clarification.'}
        </Alert>
      ) : null}
      {a.template.sections.map((s) => {
        const shown = s.questions.filter((q) => visible.has(q.id));
        if (!shown.length) return null;
        return (
          <Paper withBorder p="lg" key={s.id} data-testid="assessment-section">
            <Title order={4} mb="md">
              {s.title}
            </Title>
            <Stack gap="lg">
              {shown.map((q) => (
                <QuestionBlock key={q.id} q={q}>
                  {editable ? (
                    <AnswerInput
                      question={q}
                      name={q.text}
                      value={answers[q.id]}
                      error={errors[q.id]}
                      onChange={(v) => setAnswer(q.id, v)}
                    />
                  ) : (
                    formatAnswer(q, answers[q.id])
                  )}
                  <Comments assessment={a} questionId={q.id} />
                </QuestionBlock>
              ))}
            </Stack>
          </Paper>
        );
      })}
      {editable ? (
        <Group justify="flex-end">
          <Text size="sm" c="dimmed">
            {changed.size ? `${changed.size} unsaved change(s)` : 'All changes saved'}
          </Text>
          <Button
            variant="default"
            onClick={() => saveDraft().then((ok) => ok && notifySuccess('Draft saved'))}
            loading={save.isPending}
          >
            Save draft
          </Button>
          <Button onClick={onSubmit} loading={submit.isPending}>
            Submit
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}

/** The reviewer's side: score, flags, answers with a comment each, and the decision. */
function ReviewView({ assessment: a }: { assessment: Assessment }) {
  const user = useUser();
  const canDecide = permissions.writeVendors(user) && a.status === 'submitted';
  const [comments, setComments] = useState<Record<string, string>>({});
  const review = useReviewAssessment(a.id);
  const visible = new Set(a.visibleQuestions);
  // Nothing answered is no score of 0: the ring stays empty until the vendor answers.
  const unanswered = Object.keys(a.answers).length === 0;
  const written = Object.entries(comments)
    .filter(([, c]) => c.trim())
    .map(([questionId, comment]) => ({ questionId, comment: comment.trim() }));
  const decide = (decision: 'complete' | 'clarify') =>
    review.mutate(
      { decision, comments: written },
      {
        onSuccess: () => {
          setComments({});
          notifySuccess(decision === 'complete' ? 'Assessment completed' : 'Sent back for clarification');
        },
        onError: (e) => notifyError(e),
      },
    );
  return (
    <Stack gap="lg">
      <Group align="stretch" grow>
        <Paper withBorder p="lg">
          <Group>
            <RingProgress
              size={96}
              thickness={10}
              sections={[{ value: a.score ?? 0, color: (a.score ?? 0) >= 70 ? 'teal' : 'orange' }]}
              label={
                <Text ta="center" fw={700} data-testid="assessment-score">
                  {a.score === null || unanswered ? '—' : a.score}
                </Text>
              }
            />
            <Stack gap={2}>
              <Text fw={600}>Score</Text>
              <Text size="sm" c="dimmed">
                {unanswered
                  ? 'Not answered yet: the score shows once the vendor answers.'
                  : a.score === null
                    ? 'No scored question in this questionnaire.'
                    : 'Out of 100, over the scored questions shown.'}
              </Text>
            </Stack>
          </Group>
        </Paper>
        <Paper withBorder p="lg">
          <Text fw={600} mb="xs">
            Flags raised
          </Text>
          {a.flags.length === 0 ? (
            <Text size="sm" c="dimmed">
              None.
            </Text>
          ) : (
            <Stack gap="xs" data-testid="assessment-flags">
              {a.flags.map((f) => (
                <div key={f.id} data-testid="assessment-flag">
                  <Group gap="xs">
                    <SeverityBadge severity={f.severity} />
                    <Text size="sm" fw={500}>
                      {f.title}
                    </Text>
                  </Group>
                  {f.message ? (
                    <Text size="xs" c="dimmed">
                      {f.message}
                    </Text>
                  ) : null}
                </div>
              ))}
            </Stack>
          )}
        </Paper>
      </Group>
      {a.template.sections.map((s) => {
        const shown = s.questions.filter((q) => visible.has(q.id) && q.type !== 'info');
        if (!shown.length) return null;
        return (
          <Paper withBorder p="lg" key={s.id}>
            <Title order={4} mb="md">
              {s.title}
            </Title>
            <Stack gap="lg">
              {shown.map((q) => (
                <QuestionBlock key={q.id} q={q}>
                  {formatAnswer(q, a.answers[q.id])}
                  <Comments assessment={a} questionId={q.id} />
                  {canDecide ? (
                    <Textarea
                      aria-label={`Comment on ${q.id}`}
                      placeholder="Comment for the vendor (optional)"
                      autosize
                      minRows={1}
                      value={comments[q.id] ?? ''}
                      onChange={(e) => {
                        const value = e.currentTarget.value;
                        setComments((c) => ({ ...c, [q.id]: value }));
                      }}
                    />
                  ) : null}
                </QuestionBlock>
              ))}
            </Stack>
          </Paper>
        );
      })}
      {canDecide ? (
        <Group justify="flex-end">
          <Button
            variant="default"
            color="orange"
            disabled={!written.length}
            loading={review.isPending}
            onClick={() => decide('clarify')}
          >
            Send back for clarification
          </Button>
          <Button loading={review.isPending} onClick={() => decide('complete')}>
            Complete
          </Button>
        </Group>
      ) : a.status !== 'submitted' && a.status !== 'completed' ? (
        <Text size="sm" c="dimmed" ta="right">
          Waiting for the vendor to submit.
        </Text>
      ) : null}
    </Stack>
  );
}

function AssessmentView({ assessment: a }: { assessment: Assessment | VendorFacingAssessment }) {
  const user = useUser();
  const internal = permissions.isInternal(user);
  return (
    <>
      <Crumbs
        trail={[
          { label: 'Assessments', to: '/assessments' },
          internal && { label: a.vendorName, to: `/vendors/${a.vendorId}/questionnaires` },
        ]}
        here={a.templateName}
      />
      <PageHeader
        title={a.templateName}
        badge={
          <Group gap="xs">
            <AssessmentStatusBadge status={a.status} />
            <Badge variant="outline" color="gray">
              v{a.templateVersion}
            </Badge>
          </Group>
        }
        description={`${a.vendorName} · due ${formatDate(a.dueDate)}${a.submittedAt ? ` · submitted ${formatInstant(a.submittedAt)}` : ''}${a.completedAt ? ` · completed ${formatInstant(a.completedAt)}` : ''}`}
      />
      {a.template.description ? (
        <Text size="sm" mb="md" style={{ whiteSpace: 'pre-wrap' }}>
          {a.template.description}
        </Text>
      ) : null}
      {/* A new key after each save or decision starts the view again from the server's answer. */}
      {/* The reviewer's view needs the scoring, which only internal users receive. */}
      {internal && 'score' in a ? (
        <ReviewView key={a.updatedAt} assessment={a} />
      ) : (
        <AnswerView key={`${answerStage(a.status)}-${a.submittedAt}`} assessment={a} />
      )}
    </>
  );
}

/**
 * The stage the vendor's form starts afresh at. A first draft moves "sent" to "in progress"
 * without starting afresh: the submit that saved it still has to show its problems.
 */
const answerStage = (status: AssessmentStatus) => (status === 'in_progress' ? 'sent' : status);

/** One assessment: the vendor answers it; internal reviewers score, comment and decide. */
export function AssessmentPage() {
  const { id = '' } = useParams();
  const assessment = useAssessment(id);
  return (
    <QueryState query={assessment} what="Assessment" rows={8}>
      {(a) => <AssessmentView assessment={a} />}
    </QueryState>
  );
}
