/**
 * Questionnaire templates (written here, copied from a starter, or imported as Outpost JSON or
 * VSAQ) with their versions, and assessments: a template sent to a vendor, answered by the
 * vendor's users in the portal (drafts, files, submit), scored and flagged, reviewed by internal
 * users who complete it or send it back for clarification. A completed assessment is read-only.
 */
import type { z } from 'zod';
import { visibleQuestions } from '../../../contracts/questionnaire-conditions';
import {
  type AnswersBody,
  type AnswerValue,
  type Assessment,
  type AssessmentListQuery,
  type QuestionnaireTemplate,
  type ReviewBody,
  type SendAssessmentBody,
  type STARTERS,
  TemplateContent,
  type TemplateContentInput,
  type TemplateListQuery,
} from '../../../contracts/questionnaires';
import { type Database, type Executor, fromJson, toJson } from '../../db/database';
import { toPage } from '../../db/pagination';
import type { AssessmentRow, QuestionnaireTemplateRow } from '../../db/schema';
import { conflict, type FieldError, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { inputProblem } from '../../lib/input-text';
import { type Actor, authorize } from '../../policy';
import type { AuditRecorder } from '../audit/service';
import type { EventBus } from '../events/service';
import * as repo from './repository';
import { answerProblems, keepVisible, raisedFlags, scoreOf, templateProblems } from './rules';
import { STARTER_TEMPLATES } from './starters';
import { fromVsaq, parseVsaqon, VsaqError } from './vsaq';

export interface QuestionnaireDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  events: Pick<EventBus, 'publish'>;
  vendorExists(tx: Executor, id: string): Promise<boolean>;
  /** Throws (404) when the actor may not read the file. */
  fileReadable(actor: Actor, fileId: string): Promise<unknown>;
}

type Comment = Assessment['comments'][number];
const EDITABLE = new Set(['sent', 'in_progress', 'clarification_requested']);

/** zod's issues as field errors, with `prefix` before each path. */
const zodErrors = (error: z.ZodError, prefix = ''): FieldError[] =>
  error.issues.map((i) => ({ field: prefix + (i.path.join('.') || 'body'), message: i.message }));

export function createQuestionnaireService(deps: QuestionnaireDeps) {
  const { db, audit, clock } = deps;
  const now = () => clock.now().toISOString();

  const contentOf = (row: QuestionnaireTemplateRow) => TemplateContent.parse(JSON.parse(row.content));
  const toTemplateDto = (row: QuestionnaireTemplateRow): QuestionnaireTemplate => {
    const content = contentOf(row);
    return {
      id: row.id,
      version: Number(row.version),
      ...content,
      origin: row.origin,
      questionCount: content.sections.reduce(
        (n, s) => n + s.questions.filter((q) => q.type !== 'info').length,
        0,
      ),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  };

  function checked(input: unknown): TemplateContent {
    // The file is parsed here, past the request checks: the same refusal of unstorable text and depth.
    const unstorable = inputProblem(input);
    if (unstorable)
      throw invalid([{ field: unstorable.path.join('.') || 'body', message: unstorable.message }]);
    const parsed = TemplateContent.safeParse(input);
    if (!parsed.success) throw invalid(zodErrors(parsed.error));
    const problems = templateProblems(parsed.data);
    if (problems.length) throw invalid(problems);
    return parsed.data;
  }

  async function createTemplate(actor: Actor, content: TemplateContent, origin: string) {
    return db.transaction().execute(async (tx) => {
      const at = now();
      const row: QuestionnaireTemplateRow = {
        id: newId('qtp'),
        name: content.name,
        version: 1,
        content: toJson(content),
        origin,
        createdBy: actor.id,
        createdAt: at,
        updatedAt: at,
      };
      await repo.insertTemplate(tx, row);
      await repo.insertVersion(tx, {
        templateId: row.id,
        version: 1,
        content: row.content,
        createdBy: actor.id,
        createdAt: at,
      });
      await audit.record(tx, actor, {
        action: 'questionnaire.create',
        entityType: 'questionnaireTemplate',
        entityId: row.id,
        changes: { name: { before: null, after: content.name }, origin: { before: null, after: origin } },
      });
      return toTemplateDto(row);
    });
  }

  function toAssessmentDto(row: AssessmentRow & { vendorName: string }): Assessment {
    const template = TemplateContent.parse(JSON.parse(row.template));
    const answers = fromJson<Record<string, AnswerValue>>(row.answers, {});
    return {
      id: row.id,
      templateId: row.templateId,
      templateName: template.name,
      templateVersion: Number(row.templateVersion),
      vendorId: row.vendorId,
      vendorName: row.vendorName,
      dueDate: row.dueDate,
      status: row.status as Assessment['status'],
      score: row.score === null ? null : Number(row.score),
      flags: raisedFlags(template, answers).map((f) => ({
        id: f.id,
        severity: f.severity,
        title: f.title,
        message: f.message,
      })),
      answers,
      visibleQuestions: [...visibleQuestions(template, answers)],
      comments: fromJson<Comment[]>(row.comments, []),
      template,
      sentBy: row.sentBy,
      submittedAt: row.submittedAt,
      completedAt: row.completedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  async function loadAssessment(
    tx: Executor,
    actor: Actor,
    id: string,
    action: 'read' | 'update' | 'submit' | 'decide',
  ) {
    const scope = authorize(actor, 'assessment', action);
    const row = await repo.findAssessment(tx, scope, id);
    if (!row) throw notFound('assessment');
    return row;
  }

  const figures = (template: TemplateContent, answers: Record<string, AnswerValue>) => ({
    score: scoreOf(template, answers, visibleQuestions(template, answers)),
    openFlags: raisedFlags(template, answers).length,
  });

  return {
    countForVendor: (tx: Executor, vendorId: string) => repo.countForVendor(tx, vendorId),
    /** Completed assessments of a vendor with their score and flags, newest first (the checklist reads them). */
    completedOf: (tx: Executor, vendorId: string) => repo.completedOf(tx, vendorId),

    templates: {
      async list(actor: Actor, query: z.infer<typeof TemplateListQuery>) {
        authorize(actor, 'questionnaireTemplate', 'read');
        const rows = await repo.listTemplates(db, query);
        return toPage(rows, query.limit, (r) => [r.updatedAt, r.id], toTemplateDto);
      },

      async get(actor: Actor, id: string) {
        authorize(actor, 'questionnaireTemplate', 'read');
        const row = await repo.findTemplate(db, id);
        if (!row) throw notFound('questionnaire template');
        return toTemplateDto(row);
      },

      async create(actor: Actor, body: TemplateContentInput) {
        authorize(actor, 'questionnaireTemplate', 'create');
        return createTemplate(actor, checked(body), 'written');
      },

      async fromStarter(actor: Actor, key: (typeof STARTERS)[number]) {
        authorize(actor, 'questionnaireTemplate', 'create');
        return createTemplate(actor, checked(STARTER_TEMPLATES[key]), `starter:${key}`);
      },

      /** Replace the content: a new version; assessments already sent keep theirs. */
      async replace(actor: Actor, id: string, body: TemplateContentInput) {
        authorize(actor, 'questionnaireTemplate', 'update');
        const content = checked(body);
        return db.transaction().execute(async (tx) => {
          await repo.lockTemplate(tx, id);
          const row = await repo.findTemplate(tx, id);
          if (!row) throw notFound('questionnaire template');
          const at = now();
          const version = Number(row.version) + 1;
          const patch = { name: content.name, content: toJson(content), version, updatedAt: at };
          await repo.updateTemplate(tx, id, patch);
          await repo.insertVersion(tx, {
            templateId: id,
            version,
            content: patch.content,
            createdBy: actor.id,
            createdAt: at,
          });
          await audit.record(tx, actor, {
            action: 'questionnaire.update',
            entityType: 'questionnaireTemplate',
            entityId: id,
            changes: {
              version: { before: Number(row.version), after: version },
              name: { before: row.name, after: content.name },
            },
          });
          return toTemplateDto({ ...row, ...patch });
        });
      },

      /** Import a file: Outpost's JSON (as exported) or a VSAQ questionnaire. */
      async import(actor: Actor, format: 'outpost' | 'vsaq', text: string) {
        authorize(actor, 'questionnaireTemplate', 'import');
        if (!text.trim())
          throw invalid([{ field: 'body', message: 'is empty: send the questionnaire file as the body' }]);
        if (format === 'vsaq') {
          let imported: ReturnType<typeof fromVsaq>;
          try {
            imported = fromVsaq(parseVsaqon(text));
          } catch (err) {
            if (err instanceof VsaqError) throw invalid([{ field: err.field, message: err.message }]);
            throw err;
          }
          const template = await createTemplate(actor, checked(imported.content), 'vsaq');
          return { template, warnings: imported.warnings };
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch (err) {
          throw invalid([{ field: 'body', message: `is not JSON: ${(err as Error).message}` }]);
        }
        return { template: await createTemplate(actor, checked(parsed), 'import'), warnings: [] as string[] };
      },

      async export(actor: Actor, id: string): Promise<TemplateContent> {
        authorize(actor, 'questionnaireTemplate', 'export');
        const row = await repo.findTemplate(db, id);
        if (!row) throw notFound('questionnaire template');
        return contentOf(row);
      },
    },

    assessments: {
      async send(actor: Actor, body: z.infer<typeof SendAssessmentBody>) {
        authorize(actor, 'assessment', 'create');
        return db.transaction().execute(async (tx) => {
          const template = await repo.findTemplate(tx, body.templateId);
          const errors: FieldError[] = [];
          if (!template)
            errors.push({ field: 'templateId', message: 'must be the id of a questionnaire template' });
          if (!(await deps.vendorExists(tx, body.vendorId)))
            errors.push({ field: 'vendorId', message: 'must be the id of an existing vendor' });
          if (errors.length) throw invalid(errors);
          const content = contentOf(template!);
          const at = now();
          const row: AssessmentRow = {
            id: newId('asm'),
            templateId: template!.id,
            templateVersion: Number(template!.version),
            template: toJson(content),
            vendorId: body.vendorId,
            dueDate: body.dueDate,
            status: 'sent',
            answers: '{}',
            comments: '[]',
            ...figures(content, {}),
            sentBy: actor.id,
            submittedAt: null,
            completedAt: null,
            createdAt: at,
            updatedAt: at,
          };
          await repo.insertAssessment(tx, row);
          // The vendor's users must answer it: they are told (decision 109).
          await deps.events.publish(tx, {
            type: 'assessment.sent',
            vendorId: body.vendorId,
            payload: {
              assessmentId: row.id,
              templateName: content.name,
              dueDate: body.dueDate,
              actorId: actor.id,
            },
          });
          await audit.record(tx, actor, {
            action: 'assessment.send',
            entityType: 'assessment',
            entityId: row.id,
            changes: {
              template: { before: null, after: `${content.name} v${row.templateVersion}` },
              vendorId: { before: null, after: body.vendorId },
              dueDate: { before: null, after: body.dueDate },
            },
          });
          return toAssessmentDto((await repo.findAssessment(tx, { vendorId: null }, row.id))!);
        });
      },

      async list(actor: Actor, query: z.infer<typeof AssessmentListQuery>) {
        const scope = authorize(actor, 'assessment', 'read');
        const rows = await repo.listAssessments(db, scope, query);
        return toPage(rows, query.limit, (r) => [r.createdAt, r.id], toAssessmentDto);
      },

      async get(actor: Actor, id: string) {
        return toAssessmentDto(await loadAssessment(db, actor, id, 'read'));
      },

      /** Save answers as a draft (null clears one); answers to questions no longer shown are dropped. */
      async answer(actor: Actor, id: string, body: z.infer<typeof AnswersBody>) {
        // Files are checked first: reading them is outside the transaction.
        const row0 = await loadAssessment(db, actor, id, 'update');
        const template = TemplateContent.parse(JSON.parse(row0.template));
        const fileQuestions = new Set(
          template.sections
            .flatMap((s) => s.questions)
            .filter((q) => q.type === 'file')
            .map((q) => q.id),
        );
        const fileErrors: FieldError[] = [];
        for (const [qid, v] of Object.entries(body.answers))
          if (fileQuestions.has(qid) && typeof v === 'string' && /^fil_[0-9A-Z]{26}$/.test(v))
            await deps.fileReadable(actor, v).catch(() =>
              fileErrors.push({
                field: `answers.${qid}`,
                message: 'must be the id of a file you uploaded',
              }),
            );
        return db.transaction().execute(async (tx) => {
          await repo.lockAssessment(tx, id);
          const row = await loadAssessment(tx, actor, id, 'update');
          if (!EDITABLE.has(row.status))
            throw conflict(
              `The assessment is ${row.status.replace('_', ' ')}: its answers can no longer change.`,
            );
          const given = Object.fromEntries(
            Object.entries(body.answers).filter(([, v]) => v !== null),
          ) as Record<string, AnswerValue>;
          const problems = [...answerProblems(template, given, false), ...fileErrors];
          if (problems.length) throw invalid(problems);
          const merged: Record<string, AnswerValue> = {
            ...fromJson<Record<string, AnswerValue>>(row.answers, {}),
            ...given,
          };
          for (const [qid, v] of Object.entries(body.answers)) if (v === null) delete merged[qid];
          const answers = keepVisible(template, merged);
          const patch = {
            answers: toJson(answers),
            ...figures(template, answers),
            status: 'in_progress',
            updatedAt: now(),
          };
          await repo.updateAssessment(tx, id, patch);
          await audit.record(tx, actor, {
            action: 'assessment.answer',
            entityType: 'assessment',
            entityId: id,
            changes: {
              answered: {
                before: Object.keys(fromJson(row.answers, {})).length,
                after: Object.keys(answers).length,
              },
            },
          });
          return toAssessmentDto({ ...row, ...patch });
        });
      },

      async submit(actor: Actor, id: string) {
        return db.transaction().execute(async (tx) => {
          await repo.lockAssessment(tx, id);
          const row = await loadAssessment(tx, actor, id, 'submit');
          if (!EDITABLE.has(row.status))
            throw conflict(
              `The assessment is ${row.status.replace('_', ' ')}: it cannot be submitted again.`,
            );
          const template = TemplateContent.parse(JSON.parse(row.template));
          const answers = fromJson<Record<string, AnswerValue>>(row.answers, {});
          const problems = answerProblems(template, answers, true);
          if (problems.length) throw invalid(problems, 'Some required questions are not answered yet.');
          const at = now();
          const patch = {
            status: 'submitted',
            submittedAt: at,
            updatedAt: at,
            ...figures(template, answers),
          };
          await repo.updateAssessment(tx, id, patch);
          await audit.record(tx, actor, {
            action: 'assessment.submit',
            entityType: 'assessment',
            entityId: id,
            changes: { status: { before: row.status, after: 'submitted' } },
          });
          await deps.events.publish(tx, {
            type: 'assessment.submitted',
            vendorId: row.vendorId,
            payload: {
              assessmentId: id,
              templateName: template.name,
              vendorName: row.vendorName,
              score: patch.score,
              // Whoever sent it reviews it.
              reviewerId: row.sentBy,
              actorId: actor.id,
            },
          });
          return toAssessmentDto({ ...row, ...patch });
        });
      },

      /** Complete a submitted assessment, or send it back with comments per answer. */
      async review(actor: Actor, id: string, body: z.infer<typeof ReviewBody>) {
        return db.transaction().execute(async (tx) => {
          await repo.lockAssessment(tx, id);
          const row = await loadAssessment(tx, actor, id, 'decide');
          if (row.status !== 'submitted')
            throw conflict(
              `The assessment is ${row.status.replace('_', ' ')}: only a submitted one is reviewed.`,
            );
          const template = TemplateContent.parse(JSON.parse(row.template));
          const ids = new Set(template.sections.flatMap((s) => s.questions.map((q) => q.id)));
          const errors: FieldError[] = [];
          body.comments.forEach((c, i) => {
            if (!ids.has(c.questionId))
              errors.push({
                field: `comments.${i}.questionId`,
                message: 'is not a question of this questionnaire',
              });
          });
          if (body.decision === 'clarify' && !body.comments.length)
            errors.push({ field: 'comments', message: 'must say what to clarify' });
          if (errors.length) throw invalid(errors);
          const at = now();
          const comments = [
            ...fromJson<Comment[]>(row.comments, []),
            ...body.comments.map((c) => ({
              questionId: c.questionId,
              comment: c.comment,
              by: actor.name,
              at,
            })),
          ];
          const status = body.decision === 'complete' ? 'completed' : 'clarification_requested';
          const patch = {
            status,
            comments: toJson(comments),
            completedAt: status === 'completed' ? at : null,
            updatedAt: at,
          };
          await repo.updateAssessment(tx, id, patch);
          await audit.record(tx, actor, {
            action: body.decision === 'complete' ? 'assessment.complete' : 'assessment.clarify',
            entityType: 'assessment',
            entityId: id,
            changes: {
              status: { before: row.status, after: status },
              comments: { before: null, after: body.comments.length },
            },
          });
          return toAssessmentDto({ ...row, ...patch });
        });
      },
    },
  };
}
