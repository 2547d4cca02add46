import {
  Anchor,
  Checkbox,
  FileInput,
  Group,
  NumberInput,
  Radio,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useState } from 'react';
import type { AnswerValue, VendorFacingAssessment } from '../../../../contracts/questionnaires';

/** A question as every viewer receives it (a vendor user's carry no weight or option points). */
type Question = VendorFacingAssessment['template']['sections'][number]['questions'][number];

import { apiUrl } from '../../../app/api';
import { notifyError } from '../../../components/form-errors';
import { useUploadAnswerFile } from '../api';

/** The choices of a question: its options, or plain yes and no. */
function choicesOf(q: Question) {
  if (q.type === 'yes_no')
    return q.options?.length
      ? q.options
      : [
          { id: 'yes', label: 'Yes', score: null },
          { id: 'no', label: 'No', score: null },
        ];
  return q.options ?? [];
}

/** An answer as a reader sees it: option labels, not ids. */
export function formatAnswer(q: Question, value: AnswerValue | undefined) {
  if (value === undefined || value === null || value === '') return <Text c="dimmed">No answer</Text>;
  if (q.type === 'file' && typeof value === 'string')
    return (
      <Anchor href={apiUrl(`/files/${value}`)} size="sm">
        Attached file
      </Anchor>
    );
  const choices = choicesOf(q);
  const label = (id: string) => choices.find((o) => o.id === id)?.label ?? id;
  if (Array.isArray(value)) return <Text size="sm">{value.map(label).join(', ')}</Text>;
  if (q.type === 'yes_no' || q.type === 'single_choice') return <Text size="sm">{label(String(value))}</Text>;
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
      {String(value)}
    </Text>
  );
}

/** The input of one question, by its type; `name` labels it for assistive technology. */
export function AnswerInput({
  question: q,
  name,
  value,
  error,
  onChange,
}: {
  question: Question;
  name: string;
  value: AnswerValue | null | undefined;
  error?: string;
  onChange: (value: AnswerValue | null) => void;
}) {
  const upload = useUploadAnswerFile();
  const [fileName, setFileName] = useState<string | null>(null);
  switch (q.type) {
    case 'yes_no':
    case 'single_choice':
      return (
        <Radio.Group
          aria-label={name}
          value={typeof value === 'string' ? value : null}
          onChange={onChange}
          error={error}
        >
          <Stack gap={6} mt={4}>
            {choicesOf(q).map((o) => (
              <Radio key={o.id} value={o.id} label={o.label} />
            ))}
          </Stack>
        </Radio.Group>
      );
    case 'multiple_choice':
      return (
        <Checkbox.Group
          aria-label={name}
          value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(v.length ? v : null)}
          error={error}
        >
          <Stack gap={6} mt={4}>
            {choicesOf(q).map((o) => (
              <Checkbox key={o.id} value={o.id} label={o.label} />
            ))}
          </Stack>
        </Checkbox.Group>
      );
    case 'number':
      return (
        <NumberInput
          aria-label={name}
          value={typeof value === 'number' ? value : ''}
          error={error}
          w={220}
          onChange={(v) => onChange(v === '' ? null : Number(v))}
        />
      );
    case 'date':
      return (
        <TextInput
          type="date"
          aria-label={name}
          value={typeof value === 'string' ? value : ''}
          error={error}
          w={220}
          onChange={(e) => onChange(e.currentTarget.value || null)}
        />
      );
    case 'file':
      return (
        <Stack gap={4}>
          {typeof value === 'string' && value ? (
            <Group gap="xs">
              <Anchor href={apiUrl(`/files/${value}`)} size="sm">
                {fileName ?? 'Attached file'}
              </Anchor>
              <Anchor component="button" type="button" size="xs" c="red" onClick={() => onChange(null)}>
                Remove
              </Anchor>
            </Group>
          ) : null}
          <FileInput
            aria-label={name}
            placeholder={typeof value === 'string' && value ? 'Replace the file' : 'Attach a file'}
            error={error}
            disabled={upload.isPending}
            value={null}
            onChange={(file) => {
              if (!file) return;
              upload.mutate(file, {
                onSuccess: (stored) => {
                  setFileName(file.name);
                  onChange(stored.id);
                },
                onError: (e) => notifyError(e),
              });
            }}
          />
          {upload.isPending ? (
            <Text size="xs" c="dimmed">
              Uploading…
            </Text>
          ) : null}
        </Stack>
      );
    case 'info':
      return null;
    default:
      return (
        <Textarea
          aria-label={name}
          autosize
          minRows={2}
          value={typeof value === 'string' ? value : ''}
          error={error}
          onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
        />
      );
  }
}
