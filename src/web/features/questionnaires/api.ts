import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Page } from '../../../contracts/common';
import type { StoredFile } from '../../../contracts/files';
import type {
  AnswerValue,
  Assessment,
  AssessmentStatus,
  QuestionnaireTemplate,
  TemplateContentInput,
  VendorFacingAssessment,
} from '../../../contracts/questionnaires';
import type { Vendor, VendorFacingVendor } from '../../../contracts/vendors';
import { api } from '../../app/api';

export type Starter = 'information_security' | 'privacy' | 'business_continuity';
type AssessmentFilters = { vendorId?: string; status?: AssessmentStatus; cursor?: string };

const questionnaireKeys = {
  all: ['questionnaires'] as const,
  templates: () => [...questionnaireKeys.all, 'templates'] as const,
  templateList: (q: string, cursor?: string) =>
    [...questionnaireKeys.templates(), 'list', q, cursor] as const,
  template: (id: string) => [...questionnaireKeys.templates(), 'detail', id] as const,
  assessments: () => [...questionnaireKeys.all, 'assessments'] as const,
  assessmentList: (f: AssessmentFilters) => [...questionnaireKeys.assessments(), 'list', f] as const,
  assessment: (id: string) => [...questionnaireKeys.assessments(), 'detail', id] as const,
  vendor: (id: string) => [...questionnaireKeys.all, 'vendor', id] as const,
};

export function useTemplates(q: string, cursor?: string) {
  return useQuery({
    queryKey: questionnaireKeys.templateList(q, cursor),
    queryFn: () =>
      api.get<Page<QuestionnaireTemplate>>('/questionnaire-templates', {
        q: q || undefined,
        cursor,
        limit: 50,
      }),
    placeholderData: keepPreviousData,
  });
}

/** Every template for a picker (the first 200, most recently changed first). */
export function useTemplateOptions() {
  return useQuery({
    queryKey: questionnaireKeys.templateList('', 'options'),
    queryFn: () => api.get<Page<QuestionnaireTemplate>>('/questionnaire-templates', { limit: 200 }),
    select: (p) => p.items.map((t) => ({ value: t.id, label: `${t.name} (v${t.version})` })),
  });
}

export function useTemplate(id: string) {
  return useQuery({
    queryKey: questionnaireKeys.template(id),
    queryFn: () => api.get<QuestionnaireTemplate>(`/questionnaire-templates/${encodeURIComponent(id)}`),
    enabled: id !== '',
  });
}

function useTemplateChanged() {
  const qc = useQueryClient();
  return (t: QuestionnaireTemplate) => {
    qc.setQueryData(questionnaireKeys.template(t.id), t);
    return qc.invalidateQueries({ queryKey: [...questionnaireKeys.templates(), 'list'] });
  };
}

export function useSaveTemplate(id?: string) {
  const changed = useTemplateChanged();
  return useMutation({
    mutationFn: (body: TemplateContentInput) =>
      id
        ? api.put<QuestionnaireTemplate>(`/questionnaire-templates/${encodeURIComponent(id)}`, body)
        : api.post<QuestionnaireTemplate>('/questionnaire-templates', body),
    onSuccess: (t) => changed(t),
  });
}

export function useStarter() {
  const changed = useTemplateChanged();
  return useMutation({
    mutationFn: (key: Starter) => api.post<QuestionnaireTemplate>(`/questionnaire-starters/${key}`),
    onSuccess: (t) => changed(t),
  });
}

export function useImportTemplate() {
  const changed = useTemplateChanged();
  return useMutation({
    mutationFn: ({ format, text }: { format: 'outpost' | 'vsaq'; text: string }) =>
      api.postRaw<{ template: QuestionnaireTemplate; warnings: string[] }>(
        `/questionnaire-templates/import?format=${format}`,
        text,
        format === 'outpost' ? 'application/json' : 'text/plain',
      ),
    onSuccess: (r) => changed(r.template),
  });
}

export function useAssessments(filters: AssessmentFilters) {
  return useQuery({
    queryKey: questionnaireKeys.assessmentList(filters),
    queryFn: () =>
      api.get<Page<Assessment | VendorFacingAssessment>>('/assessments', { ...filters, limit: 25 }),
    placeholderData: keepPreviousData,
  });
}

export function useAssessment(id: string) {
  return useQuery({
    queryKey: questionnaireKeys.assessment(id),
    queryFn: () => api.get<Assessment | VendorFacingAssessment>(`/assessments/${encodeURIComponent(id)}`),
  });
}

function useAssessmentChanged() {
  const qc = useQueryClient();
  return (a: Assessment) => {
    qc.setQueryData(questionnaireKeys.assessment(a.id), a);
    return qc.invalidateQueries({ queryKey: [...questionnaireKeys.assessments(), 'list'] });
  };
}

export function useSendAssessment() {
  const changed = useAssessmentChanged();
  return useMutation({
    mutationFn: (body: { templateId: string; vendorId: string; dueDate: string }) =>
      api.post<Assessment>('/assessments', body),
    onSuccess: (a) => changed(a),
  });
}

export function useSaveAnswers(id: string) {
  const changed = useAssessmentChanged();
  return useMutation({
    mutationFn: (answers: Record<string, AnswerValue | null>) =>
      api.put<Assessment>(`/assessments/${encodeURIComponent(id)}/answers`, { answers }),
    onSuccess: (a) => changed(a),
  });
}

export function useSubmitAssessment(id: string) {
  const changed = useAssessmentChanged();
  return useMutation({
    mutationFn: () => api.post<Assessment>(`/assessments/${encodeURIComponent(id)}/submit`),
    onSuccess: (a) => changed(a),
  });
}

export function useReviewAssessment(id: string) {
  const changed = useAssessmentChanged();
  return useMutation({
    mutationFn: (body: {
      decision: 'complete' | 'clarify';
      comments: Array<{ questionId: string; comment: string }>;
    }) => api.post<Assessment>(`/assessments/${encodeURIComponent(id)}/review`, body),
    onSuccess: (a) => changed(a),
  });
}

export const useUploadAnswerFile = () =>
  useMutation({ mutationFn: (file: File) => api.upload<StoredFile>('/files', file) });

export function useVendorName(id: string) {
  return useQuery({
    queryKey: questionnaireKeys.vendor(id),
    queryFn: () => api.get<Vendor | VendorFacingVendor>(`/vendors/${encodeURIComponent(id)}`),
    select: (v) => v.name,
  });
}
