import { z } from 'zod';
import {
  AcceptRiskBody,
  AccessGrant,
  AccessGrantBody,
  AccessGrantListQuery,
  AccessGrantPatch,
  AccessReview,
  AccessReviewBody,
  AccessReviewListQuery,
  AssessmentBody,
  AssessmentListQuery,
  AssessmentPatch,
  AssessmentSchedule,
  AssuranceSettings,
  CommentBody,
  CompleteAssessmentBody,
  DecisionBody,
  Finding,
  FindingBody,
  FindingListQuery,
  FindingPatch,
  ReopenBody,
  ResolveBody,
  RevokeBody,
  ScheduleBody,
  SecurityAssessment,
  VendorFacingFinding,
} from '../../../contracts/assurance';
import { IdParams, page } from '../../../contracts/common';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['assurance'];

export async function assuranceRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { grants, reviews, assessments, findings } = services.assurance;

  app.get(
    '/assurance/settings',
    {
      schema: {
        tags,
        summary: 'Finding deadlines, review intervals and assessment types per tier',
        response: { 200: AssuranceSettings },
      },
    },
    async (request) => services.assurance.getSettings(actorOf(request)),
  );
  app.put(
    '/assurance/settings',
    {
      schema: {
        tags,
        summary: 'Replace the assurance settings',
        body: AssuranceSettings,
        response: { 200: AssuranceSettings },
      },
    },
    async (request) => services.assurance.putSettings(actorOf(request), request.body),
  );

  // Access grants
  app.get(
    '/access-grants',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Access grants; `?vendorId=…&status=open` lists what is still open (offboarding)',
        querystring: AccessGrantListQuery,
        response: { 200: page(AccessGrant) },
      },
    },
    async (request) => grants.list(actorOf(request), request.query),
  );
  app.post(
    '/access-grants',
    {
      schema: {
        tags,
        summary: 'Record a vendor person’s access to a system (admin access needs expiresOn)',
        body: AccessGrantBody,
        response: { 201: AccessGrant },
      },
    },
    async (request, reply) => reply.status(201).send(await grants.create(actorOf(request), request.body)),
  );
  app.get(
    '/access-grants/:id',
    {
      config: { vendor: 'same' },
      schema: { tags, summary: 'One access grant', params: IdParams, response: { 200: AccessGrant } },
    },
    async (request) => grants.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/access-grants/:id',
    {
      schema: {
        tags,
        summary: 'Change an open access grant',
        params: IdParams,
        body: AccessGrantPatch,
        response: { 200: AccessGrant },
      },
    },
    async (request) => grants.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/access-grants/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Record that the access was removed (who and when are recorded)',
        params: IdParams,
        body: RevokeBody,
        response: { 200: AccessGrant },
      },
    },
    async (request) => grants.revoke(actorOf(request), request.params.id, request.body.reason),
  );

  // Access reviews
  app.get(
    '/access-reviews',
    {
      schema: {
        tags,
        summary: 'Access review campaigns',
        querystring: AccessReviewListQuery,
        response: { 200: page(AccessReview) },
      },
    },
    async (request) => reviews.list(actorOf(request), request.query),
  );
  app.post(
    '/access-reviews',
    {
      schema: {
        tags,
        summary: 'Open a campaign over the open grants of an engagement, a vendor or all',
        body: AccessReviewBody,
        response: { 201: AccessReview },
      },
    },
    async (request, reply) => reply.status(201).send(await reviews.create(actorOf(request), request.body)),
  );
  app.get(
    '/access-reviews/:id',
    {
      schema: {
        tags,
        summary: 'A campaign with its grants and decisions',
        params: IdParams,
        response: { 200: AccessReview },
      },
    },
    async (request) => reviews.get(actorOf(request), request.params.id),
  );
  app.post(
    '/access-reviews/:id/decisions',
    {
      schema: {
        tags,
        summary: 'The reviewer keeps or revokes one grant, with a comment (revoke revokes the grant)',
        params: IdParams,
        body: DecisionBody,
        response: { 200: AccessReview },
      },
    },
    async (request) => reviews.decide(actorOf(request), request.params.id, request.body),
  );

  // Security assessments
  app.get(
    '/security-assessments',
    {
      schema: {
        tags,
        summary: 'Assessments; with `vendorId`, also the vendor’s schedule (tier, last completed, next due)',
        querystring: AssessmentListQuery,
        response: { 200: page(SecurityAssessment).extend({ schedule: AssessmentSchedule.nullable() }) },
      },
    },
    async (request) => assessments.list(actorOf(request), request.query),
  );
  app.post(
    '/security-assessments',
    {
      schema: {
        tags,
        summary: 'Schedule an assessment (due on the next due date from the tier unless dueOn is given)',
        body: AssessmentBody,
        response: { 201: SecurityAssessment },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await assessments.create(actorOf(request), request.body)),
  );
  app.post(
    '/security-assessments/schedule',
    {
      schema: {
        tags,
        summary: 'Schedule every assessment type the vendor’s tier calls for that is not already pending',
        body: ScheduleBody,
        response: { 201: z.object({ items: z.array(SecurityAssessment), schedule: AssessmentSchedule }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await assessments.scheduleFromTier(actorOf(request), request.body)),
  );
  app.get(
    '/security-assessments/:id',
    { schema: { tags, summary: 'One assessment', params: IdParams, response: { 200: SecurityAssessment } } },
    async (request) => assessments.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/security-assessments/:id',
    {
      schema: {
        tags,
        summary: 'Change the owner, due date or summary',
        params: IdParams,
        body: AssessmentPatch,
        response: { 200: SecurityAssessment },
      },
    },
    async (request) => assessments.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/security-assessments/:id/start',
    {
      schema: {
        tags,
        summary: 'Start a scheduled assessment',
        params: IdParams,
        response: { 200: SecurityAssessment },
      },
    },
    async (request) => assessments.start(actorOf(request), request.params.id),
  );
  app.post(
    '/security-assessments/:id/complete',
    {
      schema: {
        tags,
        summary: 'Complete with a result and summary (the next is due reassessmentMonths later)',
        params: IdParams,
        body: CompleteAssessmentBody,
        response: { 200: SecurityAssessment },
      },
    },
    async (request) => assessments.complete(actorOf(request), request.params.id, request.body),
  );

  // Findings
  app.get(
    '/findings',
    {
      config: { vendor: { 200: page(VendorFacingFinding) } },
      schema: {
        tags,
        summary: 'Findings, soonest due first (vendor users: their own vendor’s)',
        querystring: FindingListQuery,
        response: { 200: page(Finding) },
      },
    },
    async (request) => findings.list(actorOf(request), request.query),
  );
  app.post(
    '/findings',
    {
      schema: {
        tags,
        summary: 'Raise a finding; due by the severity’s deadline unless dueOn is given',
        body: FindingBody,
        response: { 201: Finding },
      },
    },
    async (request, reply) => reply.status(201).send(await findings.create(actorOf(request), request.body)),
  );
  app.get(
    '/findings/:id',
    {
      config: { vendor: { 200: VendorFacingFinding } },
      schema: {
        tags,
        summary: 'One finding with its comments',
        params: IdParams,
        response: { 200: Finding },
      },
    },
    async (request) => findings.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/findings/:id',
    {
      schema: {
        tags,
        summary: 'Change a finding (a new severity moves the deadline)',
        params: IdParams,
        body: FindingPatch,
        response: { 200: Finding },
      },
    },
    async (request) => findings.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/findings/:id/start',
    {
      config: { vendor: { 200: VendorFacingFinding } },
      schema: {
        tags,
        summary: 'Mark remediation as in progress',
        params: IdParams,
        response: { 200: Finding },
      },
    },
    async (request) => findings.start(actorOf(request), request.params.id),
  );
  app.post(
    '/findings/:id/comments',
    {
      config: { vendor: { 201: VendorFacingFinding } },
      schema: {
        tags,
        summary: 'Comment on a finding',
        params: IdParams,
        body: CommentBody,
        response: { 201: Finding },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await findings.comment(actorOf(request), request.params.id, request.body.body)),
  );
  app.post(
    '/findings/:id/resolve',
    {
      config: { vendor: { 200: VendorFacingFinding } },
      schema: {
        tags,
        summary: 'Resolve with evidence (a vendor user proposes the resolution for confirmation)',
        params: IdParams,
        body: ResolveBody,
        response: { 200: Finding },
      },
    },
    async (request) => findings.resolve(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/findings/:id/accept-risk',
    {
      schema: {
        tags,
        summary: 'Accept the risk until an expiry date (owners and administrators)',
        params: IdParams,
        body: AcceptRiskBody,
        response: { 200: Finding },
      },
    },
    async (request) => findings.acceptRisk(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/findings/:id/reopen',
    {
      schema: {
        tags,
        summary: 'Reopen with a comment',
        params: IdParams,
        body: ReopenBody,
        response: { 200: Finding },
      },
    },
    async (request) => findings.reopen(actorOf(request), request.params.id, request.body.comment),
  );
}
