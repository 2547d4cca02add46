import { IdParams } from '../../../contracts/common';
import {
  AnswerBody,
  CreateScorecardBody,
  RespondBody,
  ResponseParams,
  Scorecard,
  ScorecardList,
  ScorecardParams,
  ScorecardSettings,
  ScorecardSettingsBody,
  UpdateScorecardBody,
} from '../../../contracts/quality-reviews';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

/** Scorecards: settings per engagement, drafts with suggested scores, publishing, and the vendor's responses. */
export async function scorecardRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { scorecards } = services;
  const tags = ['scorecards'];

  app.get(
    '/engagements/:id/scorecard-settings',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Cadence and criterion weights (defaults until set)',
        params: IdParams,
        response: { 200: ScorecardSettings },
      },
    },
    async (request) => scorecards.settings(actorOf(request), request.params.id),
  );
  app.put(
    '/engagements/:id/scorecard-settings',
    {
      schema: {
        tags,
        summary: 'Set the cadence and the default weights of new scorecards',
        params: IdParams,
        body: ScorecardSettingsBody,
        response: { 200: ScorecardSettings },
      },
    },
    async (request) => scorecards.saveSettings(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/engagements/:id/scorecards',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary:
          'Scorecards, newest period first, with the trend of published totals (vendor users: published only)',
        params: IdParams,
        response: { 200: ScorecardList },
      },
    },
    async (request) => scorecards.list(actorOf(request), request.params.id),
  );
  app.post(
    '/engagements/:id/scorecards',
    {
      schema: {
        tags,
        summary: 'Open a draft scorecard for a period, pre-filled with the scores the data suggests',
        params: IdParams,
        body: CreateScorecardBody,
        response: { 201: Scorecard },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await scorecards.create(actorOf(request), request.params.id, request.body.period)),
  );
  app.get(
    '/scorecards/:id',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'One scorecard with its responses',
        params: ScorecardParams,
        response: { 200: Scorecard },
      },
    },
    async (request) => scorecards.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/scorecards/:id',
    {
      schema: {
        tags,
        summary: 'Set final scores, comments, weights or the summary of a draft',
        params: ScorecardParams,
        body: UpdateScorecardBody,
        response: { 200: Scorecard },
      },
    },
    async (request) => scorecards.update(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/scorecards/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish: the vendor sees it; it is final',
        params: ScorecardParams,
        response: { 200: Scorecard },
      },
    },
    async (request) => scorecards.publish(actorOf(request), request.params.id),
  );
  app.post(
    '/scorecards/:id/responses',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The vendor responds to a published scorecard or disputes one criterion’s score',
        params: ScorecardParams,
        body: RespondBody,
        response: { 201: Scorecard },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await scorecards.respond(actorOf(request), request.params.id, request.body)),
  );
  app.post(
    '/scorecards/:id/responses/:responseId/answer',
    {
      schema: {
        tags,
        summary: 'The reviewer answers a response or dispute',
        params: ResponseParams,
        body: AnswerBody,
        response: { 200: Scorecard },
      },
    },
    async (request) =>
      scorecards.answer(actorOf(request), request.params.id, request.params.responseId, request.body),
  );
}
