import {
  Alert,
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import type {
  Flag,
  Question,
  QuestionnaireTemplate,
  Section,
  TemplateContent,
} from '../../../../contracts/questionnaires';
import { SEVERITIES } from '../../../../contracts/questionnaires';
import { ApiError, apiUrl } from '../../../app/api';
import { permissions } from '../../../app/permissions';
import { useUser } from '../../../app/session';
import { Crumbs } from '../../../components/Crumbs';
import { notifyError, notifySuccess } from '../../../components/form-errors';
import { PageHeader } from '../../../components/PageHeader';
import { QueryState } from '../../../components/QueryState';
import { formatInstant } from '../../../components/reference-data';
import { useSaveTemplate, useTemplate } from '../api';
import { originLabel } from '../components/labels';
import { QuestionEditor } from '../components/QuestionEditor';
import { describeCondition } from '../condition-text';

const BLANK: TemplateContent = {
  name: '',
  description: null,
  sections: [{ id: 'general', title: 'General', questions: [] }],
  flags: [],
};

/** Every id in use (sections, questions, options, flags), to pick fresh ones. */
function freshId(t: TemplateContent, prefix: string): string {
  const used = new Set<string>();
  for (const s of t.sections) {
    used.add(s.id);
    for (const q of s.questions) {
      used.add(q.id);
      for (const o of q.options ?? []) used.add(o.id);
    }
  }
  for (const f of t.flags) used.add(f.id);
  let n = 1;
  while (used.has(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

function Editor({ template }: { template?: QuestionnaireTemplate }) {
  const user = useUser();
  const writer = permissions.writeVendors(user);
  const navigate = useNavigate();
  const save = useSaveTemplate(template?.id);
  const [draft, setDraft] = useState<TemplateContent>(() =>
    template
      ? {
          name: template.name,
          description: template.description,
          sections: template.sections,
          flags: template.flags,
        }
      : BLANK,
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const setSection = (si: number, s: Section) =>
    setDraft((d) => ({ ...d, sections: d.sections.map((x, i) => (i === si ? s : x)) }));
  const setQuestion = (si: number, qi: number, q: Question) =>
    setDraft((d) => ({
      ...d,
      sections: d.sections.map((s, i) =>
        i === si ? { ...s, questions: s.questions.map((x, j) => (j === qi ? q : x)) } : s,
      ),
    }));
  const setFlag = (fi: number, patch: Partial<Flag>) =>
    setDraft((d) => ({ ...d, flags: d.flags.map((f, i) => (i === fi ? { ...f, ...patch } : f)) }));

  const onSave = () => {
    setErrors({});
    save.mutate(draft, {
      onSuccess: (t) => {
        notifySuccess(template ? `Saved as version ${t.version}` : 'Template created');
        if (!template) navigate(`/questionnaires/${t.id}`, { replace: true });
      },
      onError: (error) => {
        if (error instanceof ApiError && error.errors.length) {
          const next: Record<string, string> = {};
          for (const e of error.errors)
            next[e.field] ??= e.message.charAt(0).toUpperCase() + e.message.slice(1);
          setErrors(next);
          notifyError(
            new ApiError(error.status, `${error.errors.length} problem(s): see the fields marked in red.`),
          );
        } else notifyError(error);
      },
    });
  };

  return (
    <>
      <Crumbs
        trail={[{ label: 'Questionnaires', to: '/questionnaires' }]}
        here={template ? template.name : 'New template'}
      />
      <PageHeader
        title={template ? template.name : 'New questionnaire template'}
        badge={
          template ? (
            <Badge variant="light" data-testid="template-version">
              v{template.version}
            </Badge>
          ) : null
        }
        description={
          template
            ? `${originLabel(template.origin)} · ${template.questionCount} questions · updated ${formatInstant(template.updatedAt)}. Saving makes a new version; assessments already sent keep theirs.`
            : 'Sections of questions, scored answers, conditions and flags.'
        }
        actions={
          <>
            {template ? (
              <Button
                component="a"
                variant="default"
                href={apiUrl(`/questionnaire-templates/${template.id}/export`)}
                download
              >
                Export
              </Button>
            ) : null}
            {writer ? (
              <Button onClick={onSave} loading={save.isPending}>
                Save
              </Button>
            ) : null}
          </>
        }
      />
      {errors.body || errors.sections || errors.flags ? (
        <Alert color="red" mb="md">
          {errors.body ?? errors.sections ?? errors.flags}
        </Alert>
      ) : null}
      <Stack gap="lg">
        <Paper withBorder p="lg">
          <Stack gap="sm">
            <TextInput
              label="Name"
              required
              value={draft.name}
              error={errors.name}
              onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
            />
            <Textarea
              label="Description"
              autosize
              minRows={2}
              value={draft.description ?? ''}
              error={errors.description}
              onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value || null })}
            />
          </Stack>
        </Paper>
        {draft.sections.map((s, si) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so the position is the identity
          <Paper withBorder p="lg" key={`section-${si}`} data-testid="section-editor">
            <Stack gap="sm">
              <Group align="flex-start">
                <TextInput
                  label="Section title"
                  aria-label={`Section ${si + 1} title`}
                  value={s.title}
                  style={{ flex: 1 }}
                  error={errors[`sections.${si}.title`]}
                  onChange={(e) => setSection(si, { ...s, title: e.currentTarget.value })}
                />
                <TextInput
                  label="Section id"
                  aria-label={`Section ${si + 1} id`}
                  value={s.id}
                  w={160}
                  error={errors[`sections.${si}.id`]}
                  onChange={(e) => setSection(si, { ...s, id: e.currentTarget.value })}
                />
                <Button
                  mt={24}
                  variant="subtle"
                  color="red"
                  size="xs"
                  disabled={draft.sections.length === 1}
                  onClick={() => setDraft({ ...draft, sections: draft.sections.filter((_, i) => i !== si) })}
                >
                  Remove section
                </Button>
              </Group>
              {errors[`sections.${si}.questions`] ? (
                <Text c="red" size="sm">
                  {errors[`sections.${si}.questions`]}
                </Text>
              ) : null}
              {s.questions.map((q, qi) => (
                <QuestionEditor
                  // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so the position is the identity
                  key={`q-${qi}`}
                  question={q}
                  at={`sections.${si}.questions.${qi}`}
                  errors={errors}
                  label={`Question ${si + 1}.${qi + 1}`}
                  onChange={(next) => setQuestion(si, qi, next)}
                  onRemove={() => setSection(si, { ...s, questions: s.questions.filter((_, j) => j !== qi) })}
                  newOptionId={() => freshId(draft, `${q.id}_o`)}
                  conditionText={describeCondition(
                    q.condition ?? null,
                    (id) => draft.sections.flatMap((x) => x.questions).find((x) => x.id === id)?.text,
                  )}
                />
              ))}
              <Button
                variant="light"
                w="fit-content"
                onClick={() =>
                  setSection(si, {
                    ...s,
                    questions: [
                      ...s.questions,
                      {
                        id: freshId(draft, 'q'),
                        text: '',
                        type: 'yes_no',
                        required: false,
                        weight: 1,
                        condition: null,
                      },
                    ],
                  })
                }
              >
                Add question
              </Button>
            </Stack>
          </Paper>
        ))}
        <Button
          variant="default"
          w="fit-content"
          onClick={() =>
            setDraft({
              ...draft,
              sections: [
                ...draft.sections,
                { id: freshId(draft, 'section'), title: 'New section', questions: [] },
              ],
            })
          }
        >
          Add section
        </Button>
        <Paper withBorder p="lg">
          <Title order={4} mb="xs">
            Flags
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            A flag is raised when its condition holds, e.g. <code>enc_at_rest/no</code> for “No” to encryption
            at rest.
          </Text>
          <Stack gap="sm">
            {draft.flags.map((f, fi) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: ids are edited in place, so the position is the identity
              <Paper withBorder p="sm" key={`flag-${fi}`} data-testid="flag-editor">
                <Group align="flex-start" wrap="wrap">
                  <TextInput
                    label="Id"
                    aria-label={`Flag ${fi + 1} id`}
                    value={f.id}
                    w={150}
                    error={errors[`flags.${fi}.id`]}
                    onChange={(e) => setFlag(fi, { id: e.currentTarget.value })}
                  />
                  <TextInput
                    label="Condition"
                    aria-label={`Flag ${fi + 1} condition`}
                    value={f.condition}
                    style={{ flex: 1 }}
                    error={errors[`flags.${fi}.condition`]}
                    onChange={(e) => setFlag(fi, { condition: e.currentTarget.value })}
                  />
                  <Select
                    label="Severity"
                    aria-label={`Flag ${fi + 1} severity`}
                    data={[...SEVERITIES]}
                    value={f.severity}
                    allowDeselect={false}
                    w={130}
                    onChange={(v) => v && setFlag(fi, { severity: v as Flag['severity'] })}
                  />
                  <Button
                    mt={24}
                    variant="subtle"
                    color="red"
                    size="xs"
                    onClick={() => setDraft({ ...draft, flags: draft.flags.filter((_, i) => i !== fi) })}
                  >
                    Remove flag
                  </Button>
                </Group>
                <TextInput
                  mt="xs"
                  label="Title"
                  aria-label={`Flag ${fi + 1} title`}
                  value={f.title}
                  error={errors[`flags.${fi}.title`]}
                  onChange={(e) => setFlag(fi, { title: e.currentTarget.value })}
                />
                <Textarea
                  mt="xs"
                  label="Message"
                  aria-label={`Flag ${fi + 1} message`}
                  autosize
                  value={f.message}
                  error={errors[`flags.${fi}.message`]}
                  onChange={(e) => setFlag(fi, { message: e.currentTarget.value })}
                />
              </Paper>
            ))}
            <Button
              variant="light"
              w="fit-content"
              onClick={() =>
                setDraft({
                  ...draft,
                  flags: [
                    ...draft.flags,
                    { id: freshId(draft, 'flag'), condition: '', severity: 'medium', title: '', message: '' },
                  ],
                })
              }
            >
              Add flag
            </Button>
          </Stack>
        </Paper>
        {writer ? (
          <Group justify="flex-end">
            <Button onClick={onSave} loading={save.isPending}>
              Save
            </Button>
          </Group>
        ) : null}
      </Stack>
    </>
  );
}

/** Write a new template (`/questionnaires/new`) or edit one (`/questionnaires/:id`). */
export function TemplateEditorPage() {
  const { id } = useParams();
  const template = useTemplate(id ?? '');
  if (!id) return <Editor />;
  return (
    <QueryState query={template} what="Template" rows={8}>
      {(t) => <Editor key={`${t.id}-${t.version}`} template={t} />}
    </QueryState>
  );
}
