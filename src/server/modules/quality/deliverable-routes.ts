import { IdParams } from '../../../contracts/common';
import {
  DeliverableList,
  DeliverableParams,
  DeliverableStats,
  ReviewDeliverableBody,
  Submission,
  SubmissionParams,
  SubmitDeliverableBody,
} from '../../../contracts/quality-reviews';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

/** Deliverable acceptance: the SOW's deliverables, hand-ins, reviews and delivery figures. */
export async function deliverableRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { deliverables } = services;
  const tags = ['deliverables'];

  app.get(
    '/engagements/:id/deliverables',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The approved SOW’s deliverables with their status, hand-ins and reviews',
        params: IdParams,
        response: { 200: DeliverableList },
      },
    },
    async (request) => deliverables.list(actorOf(request), request.params.id),
  );
  app.get(
    '/engagements/:id/deliverables/stats',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'On-time delivery rate and first-pass acceptance rate',
        params: IdParams,
        response: { 200: DeliverableStats },
      },
    },
    async (request) => deliverables.stats(actorOf(request), request.params.id),
  );
  app.post(
    '/engagements/:id/deliverables/:deliverableId/submissions',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary:
          'Hand in a deliverable (files uploaded first via POST /files); the next cycle after a rejection',
        params: DeliverableParams,
        body: SubmitDeliverableBody,
        response: { 201: Submission },
      },
    },
    async (request, reply) => {
      const { id, deliverableId } = request.params;
      return reply
        .status(201)
        .send(await deliverables.submit(actorOf(request), id, deliverableId, request.body));
    },
  );
  app.post(
    '/engagements/:id/deliverables/:deliverableId/submissions/:submissionId/review',
    {
      schema: {
        tags,
        summary:
          'Judge each acceptance criterion and accept (final) or reject (the vendor may hand in again)',
        params: SubmissionParams,
        body: ReviewDeliverableBody,
        response: { 200: Submission },
      },
    },
    async (request) => {
      const { id, deliverableId, submissionId } = request.params;
      return deliverables.review(actorOf(request), id, deliverableId, submissionId, request.body);
    },
  );
}
