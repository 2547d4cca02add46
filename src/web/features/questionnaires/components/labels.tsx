import { Badge } from '@mantine/core';
import type { AssessmentStatus, QuestionType, Severity } from '../../../../contracts/questionnaires';

export const TYPE_LABELS: Record<QuestionType, string> = {
  yes_no: 'Yes / no',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  text: 'Text',
  number: 'Number',
  date: 'Date',
  file: 'File upload',
  info: 'Guidance (not answered)',
};

const STATUS_COLOURS: Record<AssessmentStatus, string> = {
  sent: 'gray',
  in_progress: 'blue',
  submitted: 'violet',
  clarification_requested: 'orange',
  completed: 'teal',
};

const SEVERITY_COLOURS: Record<Severity, string> = {
  low: 'gray',
  medium: 'yellow',
  high: 'orange',
  critical: 'red',
};

/**
 * An assessment's score as a reviewer reads it: nothing answered yet is not a score of 0, and a
 * questionnaire without scored questions has no score.
 */
export function scoreLabel(a: { score: number | null; answers: Record<string, unknown> }): string {
  if (Object.keys(a.answers).length === 0) return 'Not answered yet';
  return a.score === null ? 'Not scored' : String(a.score);
}

const statusLabel = (s: AssessmentStatus) =>
  s === 'clarification_requested' ? 'clarification requested' : s.replace('_', ' ');

export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  return (
    <Badge color={STATUS_COLOURS[status]} variant="light" data-testid="assessment-status">
      {statusLabel(status)}
    </Badge>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <Badge color={SEVERITY_COLOURS[severity]} variant="filled" size="sm">
      {severity}
    </Badge>
  );
}

export function originLabel(origin: string): string {
  if (origin.startsWith('starter:')) return `Starter (${origin.slice(8).replace(/_/g, ' ')})`;
  if (origin === 'vsaq') return 'VSAQ import';
  if (origin === 'import') return 'Import';
  return 'Written here';
}
