import { z } from 'zod';
import { IdParams, page } from '../../../contracts/common';
import {
  AnswersBody,
  Assessment,
  AssessmentListQuery,
  ImportQuery,
  QuestionnaireTemplate,
  ReviewBody,
  SendAssessmentBody,
  StarterParams,
  TemplateContent,
  TemplateListQuery,
  VendorFacingAssessment,
} from '../../../contracts/questionnaires';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { attachment, fileNamePart, fileResponse } from '../../lib/download';

/** Questionnaire files may be large (a VSAQ file is about 140 KB; allow well beyond). */
const IMPORT_LIMIT = 5 * 1024 * 1024;

export async function questionnaireRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { templates, assessments } = services.questionnaires;
  const tags = ['questionnaires'];

  app.get(
    '/questionnaire-templates',
    {
      schema: {
        tags,
        summary: 'Questionnaire templates, most recently changed first (internal roles)',
        querystring: TemplateListQuery,
        response: { 200: page(QuestionnaireTemplate) },
      },
    },
    async (request) => templates.list(actorOf(request), request.query),
  );
  app.post(
    '/questionnaire-templates',
    {
      schema: {
        tags,
        summary: 'Write a template: sections, questions with scores and conditions, flags',
        body: TemplateContent,
        response: { 201: QuestionnaireTemplate },
      },
    },
    async (request, reply) => reply.status(201).send(await templates.create(actorOf(request), request.body)),
  );
  app.post(
    '/questionnaire-starters/:key',
    {
      schema: {
        tags,
        summary: 'Copy one of Outpost’s starter questionnaires into a new template',
        params: StarterParams,
        response: { 201: QuestionnaireTemplate },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await templates.fromStarter(actorOf(request), request.params.key)),
  );
  // The file is the body, as text: Outpost's JSON or a VSAQ questionnaire.
  await app.register(async (files: ZodApp) => {
    files.removeContentTypeParser('application/json');
    files.addContentTypeParser(
      ['application/json', 'text/plain'],
      { parseAs: 'string', bodyLimit: IMPORT_LIMIT },
      (_req, body, done) => done(null, body),
    );
    files.post(
      '/questionnaire-templates/import',
      {
        schema: {
          tags,
          summary: 'Import a template file: `format=outpost` (as exported) or `format=vsaq` (Google VSAQ)',
          querystring: ImportQuery,
          consumes: ['application/json', 'text/plain'],
          body: z.string().meta({ description: 'The questionnaire file' }),
          response: { 201: z.object({ template: QuestionnaireTemplate, warnings: z.array(z.string()) }) },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await templates.import(actorOf(request), request.query.format, request.body as string)),
    );
  });
  app.get(
    '/questionnaire-templates/:id',
    { schema: { tags, summary: 'One template', params: IdParams, response: { 200: QuestionnaireTemplate } } },
    async (request) => templates.get(actorOf(request), request.params.id),
  );
  app.put(
    '/questionnaire-templates/:id',
    {
      schema: {
        tags,
        summary: 'Replace a template’s content: a new version (assessments already sent keep theirs)',
        params: IdParams,
        body: TemplateContent,
        response: { 200: QuestionnaireTemplate },
      },
    },
    async (request) => templates.replace(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/questionnaire-templates/:id/export',
    {
      schema: {
        tags,
        summary: 'The template as a JSON file (`format=outpost` of the import)',
        params: IdParams,
        response: {
          200: fileResponse('The template, to import elsewhere', {
            'application/json': { schema: TemplateContent },
          }),
        },
      },
    },
    async (request, reply) => {
      const content = await templates.export(actorOf(request), request.params.id);
      const name = `${fileNamePart(content.name.toLowerCase(), 'questionnaire')}.json`;
      reply.header('Content-Disposition', attachment(name, 'questionnaire'));
      return content;
    },
  );

  app.get(
    '/assessments',
    {
      config: { vendor: { 200: page(VendorFacingAssessment) } },
      schema: {
        tags,
        summary: 'Assessments, newest first (vendor users: their own vendor’s)',
        querystring: AssessmentListQuery,
        response: { 200: page(Assessment) },
      },
    },
    async (request) => assessments.list(actorOf(request), request.query),
  );
  app.post(
    '/assessments',
    {
      schema: {
        tags,
        summary: 'Send a template to a vendor with a due date',
        body: SendAssessmentBody,
        response: { 201: Assessment },
      },
    },
    async (request, reply) => reply.status(201).send(await assessments.send(actorOf(request), request.body)),
  );
  app.get(
    '/assessments/:id',
    {
      config: { vendor: { 200: VendorFacingAssessment } },
      schema: {
        tags,
        summary: 'One assessment: status, score, flags raised, answers and comments',
        params: IdParams,
        response: { 200: Assessment },
      },
    },
    async (request) => assessments.get(actorOf(request), request.params.id),
  );
  app.put(
    '/assessments/:id/answers',
    {
      config: { vendor: { 200: VendorFacingAssessment } },
      schema: {
        tags,
        summary: 'Save answers as a draft (merged with those saved; null clears one)',
        params: IdParams,
        body: AnswersBody,
        response: { 200: Assessment },
      },
    },
    async (request) => assessments.answer(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/assessments/:id/submit',
    {
      config: { vendor: { 200: VendorFacingAssessment } },
      schema: {
        tags,
        summary: 'Submit the answers for review (every required question shown must be answered)',
        params: IdParams,
        response: { 200: Assessment },
      },
    },
    async (request) => assessments.submit(actorOf(request), request.params.id),
  );
  app.post(
    '/assessments/:id/review',
    {
      schema: {
        tags,
        summary: 'Complete a submitted assessment, or send it back for clarification with comments',
        params: IdParams,
        body: ReviewBody,
        response: { 200: Assessment },
      },
    },
    async (request) => assessments.review(actorOf(request), request.params.id, request.body),
  );
}
