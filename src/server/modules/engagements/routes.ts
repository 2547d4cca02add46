import { z } from 'zod';
import { IdParams, page } from '../../../contracts/common';
import {
  ChangeRequest,
  ChangeRequestListQuery,
  CreateChangeRequestBody,
  CreateEngagementBody,
  DecisionBody,
  DiffQuery,
  Engagement,
  EngagementListQuery,
  ExportQuery,
  LintResult,
  Sow,
  SowDiff,
  SowDocument,
  SowQuery,
  SowVersionSummary,
  UpdateEngagementBody,
  VendorFacingEngagement,
} from '../../../contracts/engagements';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { attachment, fileResponse } from '../../lib/download';

export async function engagementRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { engagements, sows, changeRequests } = services;
  const tags = ['engagements'];

  app.get(
    '/engagements',
    {
      config: { vendor: { 200: page(VendorFacingEngagement) } },
      schema: {
        tags,
        summary: 'List engagements (a vendor user sees only their own)',
        querystring: EngagementListQuery,
        response: { 200: page(Engagement) },
      },
    },
    async (request) => engagements.list(actorOf(request), request.query),
  );
  app.post(
    '/engagements',
    {
      schema: {
        tags,
        summary: 'Open an engagement (a draft)',
        body: CreateEngagementBody,
        response: { 201: Engagement },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await engagements.create(actorOf(request), request.body)),
  );
  app.get(
    '/engagements/:id',
    {
      config: { vendor: { 200: VendorFacingEngagement } },
      schema: { tags, summary: 'One engagement', params: IdParams, response: { 200: Engagement } },
    },
    async (request) => engagements.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/engagements/:id',
    {
      schema: {
        tags,
        summary: 'Change an engagement; status moves along the life cycle, active needs an approved SOW',
        params: IdParams,
        body: UpdateEngagementBody,
        response: { 200: Engagement },
      },
    },
    async (request) => engagements.update(actorOf(request), request.params.id, request.body),
  );

  const sowTags = ['statement of work'];
  app.get(
    '/engagements/:id/sow',
    {
      config: { vendor: 'same' },
      schema: {
        tags: sowTags,
        summary: 'The latest SOW version, or ?version=N',
        params: IdParams,
        querystring: SowQuery,
        response: { 200: Sow },
      },
    },
    async (request) => sows.get(actorOf(request), request.params.id, request.query.version),
  );
  app.put(
    '/engagements/:id/sow',
    {
      schema: {
        tags: sowTags,
        summary: 'Save the draft SOW (409 once approved: use a change request)',
        params: IdParams,
        body: SowDocument,
        response: { 200: Sow },
      },
    },
    async (request) => sows.saveDraft(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/engagements/:id/sow/versions',
    {
      config: { vendor: 'same' },
      schema: {
        tags: sowTags,
        summary: 'Every SOW version, newest first',
        params: IdParams,
        response: { 200: z.object({ items: z.array(SowVersionSummary) }) },
      },
    },
    async (request) => ({ items: await sows.versions(actorOf(request), request.params.id) }),
  );
  app.post(
    '/engagements/:id/sow/approve',
    {
      schema: {
        tags: sowTags,
        summary: 'Approve the draft as the baseline (lint errors must be fixed first)',
        params: IdParams,
        response: { 200: Sow },
      },
    },
    async (request) => sows.approve(actorOf(request), request.params.id),
  );
  app.get(
    '/engagements/:id/sow/lint',
    {
      config: { vendor: 'same' },
      schema: {
        tags: sowTags,
        summary: 'The scope linter on a saved version',
        params: IdParams,
        querystring: SowQuery,
        response: { 200: LintResult },
      },
    },
    async (request) => sows.lint(actorOf(request), request.params.id, request.query.version),
  );
  app.post(
    '/engagements/:id/sow/lint',
    {
      config: { vendor: 'same' },
      schema: {
        tags: sowTags,
        summary: 'The scope linter on an unsaved document (the editor’s live score)',
        params: IdParams,
        body: SowDocument,
        response: { 200: LintResult },
      },
    },
    async (request) => sows.lintDocument(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/engagements/:id/sow/diff',
    {
      config: { vendor: 'same' },
      schema: {
        tags: sowTags,
        summary: 'What changed between two versions',
        params: IdParams,
        querystring: DiffQuery,
        response: { 200: SowDiff },
      },
    },
    async (request) => sows.diff(actorOf(request), request.params.id, request.query.from, request.query.to),
  );
  app.get(
    '/engagements/:id/sow/export',
    {
      config: { vendor: 'same' },
      schema: {
        tags: sowTags,
        summary: 'The SOW as Markdown or PDF, to sign',
        params: IdParams,
        querystring: ExportQuery,
        response: {
          200: fileResponse('The document', {
            'text/markdown': { schema: z.string() },
            'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
          }),
        },
      },
    },
    async (request, reply) => {
      const out = await sows.export(
        actorOf(request),
        request.params.id,
        request.query.format,
        request.query.version,
      );
      return reply
        .type(out.contentType)
        .header('Content-Disposition', attachment(out.filename, 'sow'))
        .serializer((v: unknown) => v as string)
        .send(out.body as string);
    },
  );

  const crTags = ['change requests'];
  app.get(
    '/engagements/:id/change-requests',
    {
      config: { vendor: 'same' },
      schema: {
        tags: crTags,
        summary: 'Change requests of an engagement, newest first',
        params: IdParams,
        querystring: ChangeRequestListQuery,
        response: { 200: page(ChangeRequest) },
      },
    },
    async (request) => changeRequests.list(actorOf(request), request.params.id, request.query),
  );
  app.post(
    '/engagements/:id/change-requests',
    {
      config: { vendor: 'same' },
      schema: {
        tags: crTags,
        summary: 'Raise a change request against the approved SOW',
        params: IdParams,
        body: CreateChangeRequestBody,
        response: { 201: ChangeRequest },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await changeRequests.create(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/change-requests/:id',
    {
      config: { vendor: 'same' },
      schema: {
        tags: crTags,
        summary: 'One change request',
        params: IdParams,
        response: { 200: ChangeRequest },
      },
    },
    async (request) => changeRequests.get(actorOf(request), request.params.id),
  );
  app.post(
    '/change-requests/:id/submit',
    {
      config: { vendor: 'same' },
      schema: {
        tags: crTags,
        summary: 'Submit a draft change request for decision',
        params: IdParams,
        response: { 200: ChangeRequest },
      },
    },
    async (request) => changeRequests.submit(actorOf(request), request.params.id),
  );
  app.post(
    '/change-requests/:id/approve',
    {
      schema: {
        tags: crTags,
        summary:
          'Approve: applies the change to the baseline and creates the next SOW version (409 if the baseline moved)',
        params: IdParams,
        body: DecisionBody.nullish(),
        response: { 200: ChangeRequest },
      },
    },
    async (request) => changeRequests.approve(actorOf(request), request.params.id, request.body?.comment),
  );
  app.post(
    '/change-requests/:id/reject',
    {
      schema: {
        tags: crTags,
        summary: 'Reject a submitted change request',
        params: IdParams,
        body: DecisionBody.nullish(),
        response: { 200: ChangeRequest },
      },
    },
    async (request) => changeRequests.reject(actorOf(request), request.params.id, request.body?.comment),
  );
}
