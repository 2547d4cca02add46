import {
  ActionIcon,
  Button,
  Checkbox,
  Group,
  NumberInput,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { Question, QuestionType } from '../../../../contracts/questionnaires';
import { QUESTION_TYPES } from '../../../../contracts/questionnaires';
import { TYPE_LABELS } from './labels';

type Option = NonNullable<Question['options']>[number];
const CHOICE: QuestionType[] = ['single_choice', 'multiple_choice'];
const TYPE_OPTIONS = QUESTION_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }));

/** A score field: empty means "not scored". */
function ScoreInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: number | null;
  onChange: (v: number | null) => void;
  error?: string;
}) {
  return (
    <NumberInput
      label={label}
      aria-label={label}
      value={value ?? ''}
      min={0}
      max={1000}
      w={110}
      error={error}
      onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? null : Number(v))}
    />
  );
}

/** One question of the template editor; `at` is its field path for the API's errors. */
export function QuestionEditor({
  question: q,
  at,
  errors,
  label,
  onChange,
  onRemove,
  newOptionId,
  conditionText = null,
}: {
  question: Question;
  at: string;
  errors: Record<string, string>;
  label: string;
  onChange: (q: Question) => void;
  onRemove: () => void;
  newOptionId: () => string;
  /** The condition in words, with the questions by their text. */
  conditionText?: string | null;
}) {
  const set = (patch: Partial<Question>) => onChange({ ...q, ...patch });
  const options = q.options ?? [];
  const setOption = (i: number, patch: Partial<Option>) =>
    set({ options: options.map((o, j) => (j === i ? { ...o, ...patch } : o)) });
  const yesNoScore = (id: 'yes' | 'no') => options.find((o) => o.id === id)?.score ?? null;
  const setYesNoScore = (id: 'yes' | 'no', score: number | null) => {
    const next = { yes: yesNoScore('yes'), no: yesNoScore('no'), [id]: score };
    set({
      options:
        next.yes === null && next.no === null
          ? undefined
          : [
              { id: 'yes', label: 'Yes', score: next.yes },
              { id: 'no', label: 'No', score: next.no },
            ],
    });
  };
  const changeType = (type: QuestionType) => {
    const keep = CHOICE.includes(type) && CHOICE.includes(q.type);
    set({
      type,
      options: keep
        ? q.options
        : CHOICE.includes(type)
          ? [{ id: newOptionId(), label: 'Option 1', score: null }]
          : undefined,
    });
  };
  return (
    <Paper withBorder p="sm" data-testid="question-editor">
      <Stack gap="xs">
        <Group align="flex-start" wrap="wrap">
          <TextInput
            label="Id"
            aria-label={`${label} id`}
            value={q.id}
            w={160}
            error={errors[`${at}.id`]}
            onChange={(e) => set({ id: e.currentTarget.value })}
          />
          <Select
            label="Type"
            aria-label={`${label} type`}
            data={TYPE_OPTIONS}
            value={q.type}
            allowDeselect={false}
            w={200}
            error={errors[`${at}.type`]}
            onChange={(v) => v && changeType(v as QuestionType)}
          />
          {q.type !== 'info' ? (
            <NumberInput
              label="Weight"
              aria-label={`${label} weight`}
              value={q.weight}
              min={0}
              max={1000}
              w={100}
              error={errors[`${at}.weight`]}
              onChange={(v) => set({ weight: typeof v === 'number' ? v : Number(v) || 0 })}
            />
          ) : null}
          {q.type !== 'info' ? (
            <Checkbox
              mt={30}
              label="Required"
              checked={q.required}
              onChange={(e) => set({ required: e.currentTarget.checked })}
            />
          ) : null}
          <Button
            ml="auto"
            mt={24}
            variant="subtle"
            color="red"
            size="xs"
            onClick={onRemove}
            aria-label={`Remove ${label.toLowerCase()}`}
          >
            Remove
          </Button>
        </Group>
        <Textarea
          label={q.type === 'info' ? 'Guidance text' : 'Question'}
          aria-label={`${label} text`}
          autosize
          minRows={1}
          value={q.text}
          error={errors[`${at}.text`]}
          onChange={(e) => set({ text: e.currentTarget.value })}
        />
        <TextInput
          label="Shown when"
          aria-label={`${label} condition`}
          placeholder="Always (e.g. enc_at_rest/yes && !cloud)"
          value={q.condition ?? ''}
          description={conditionText}
          error={errors[`${at}.condition`]}
          onChange={(e) => set({ condition: e.currentTarget.value.trim() ? e.currentTarget.value : null })}
        />
        {q.type === 'yes_no' ? (
          <Group align="flex-end">
            <ScoreInput
              label="Score for Yes"
              value={yesNoScore('yes')}
              onChange={(v) => setYesNoScore('yes', v)}
            />
            <ScoreInput
              label="Score for No"
              value={yesNoScore('no')}
              onChange={(v) => setYesNoScore('no', v)}
            />
            <Text size="xs" c="dimmed" pb={8}>
              Leave both empty for an unscored question.
            </Text>
            {errors[`${at}.options`] ? (
              <Text size="xs" c="red">
                {errors[`${at}.options`]}
              </Text>
            ) : null}
          </Group>
        ) : null}
        {CHOICE.includes(q.type) ? (
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Options
            </Text>
            {errors[`${at}.options`] ? (
              <Text size="xs" c="red">
                {errors[`${at}.options`]}
              </Text>
            ) : null}
            {options.map((o, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: an option's id is being edited
              <Group key={i} align="flex-start" gap="xs">
                <TextInput
                  aria-label={`${label} option ${i + 1} id`}
                  value={o.id}
                  w={150}
                  error={errors[`${at}.options.${i}.id`]}
                  onChange={(e) => setOption(i, { id: e.currentTarget.value })}
                />
                <TextInput
                  aria-label={`${label} option ${i + 1} label`}
                  value={o.label}
                  style={{ flex: 1 }}
                  error={errors[`${at}.options.${i}.label`]}
                  onChange={(e) => setOption(i, { label: e.currentTarget.value })}
                />
                <NumberInput
                  aria-label={`${label} option ${i + 1} score`}
                  placeholder="Score"
                  value={o.score ?? ''}
                  min={0}
                  w={100}
                  error={errors[`${at}.options.${i}.score`]}
                  onChange={(v) =>
                    setOption(i, { score: typeof v === 'number' ? v : v === '' ? null : Number(v) })
                  }
                />
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={6}
                  aria-label={`Remove ${label.toLowerCase()} option ${i + 1}`}
                  onClick={() => set({ options: options.filter((_, j) => j !== i) })}
                >
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Button
              variant="subtle"
              size="xs"
              w="fit-content"
              onClick={() =>
                set({
                  options: [
                    ...options,
                    { id: newOptionId(), label: `Option ${options.length + 1}`, score: null },
                  ],
                })
              }
            >
              Add option
            </Button>
          </Stack>
        ) : null}
      </Stack>
    </Paper>
  );
}
