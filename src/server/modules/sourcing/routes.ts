import { z } from 'zod';
import { IdParams, page } from '../../../contracts/common';
import { Engagement } from '../../../contracts/engagements';
import {
  AwardBody,
  Ranking,
  Score,
  ScoreBody,
  SourcingEvent,
  SourcingEventBody,
  SourcingEventPatch,
  SourcingListQuery,
} from '../../../contracts/sourcing';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

export async function sourcingRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { sourcing } = services;
  const tags = ['sourcing'];

  app.get(
    '/sourcing-events',
    {
      schema: {
        tags,
        summary: 'List sourcing events, newest first (internal roles only)',
        querystring: SourcingListQuery,
        response: { 200: page(SourcingEvent) },
      },
    },
    async (request) => sourcing.list(actorOf(request), request.query),
  );
  app.post(
    '/sourcing-events',
    {
      schema: {
        tags,
        summary: 'Open a sourcing event: candidates, weighted criteria and evaluators',
        body: SourcingEventBody,
        response: { 201: SourcingEvent },
      },
    },
    async (request, reply) => reply.status(201).send(await sourcing.create(actorOf(request), request.body)),
  );
  app.get(
    '/sourcing-events/:id',
    { schema: { tags, summary: 'One sourcing event', params: IdParams, response: { 200: SourcingEvent } } },
    async (request) => sourcing.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/sourcing-events/:id',
    {
      schema: {
        tags,
        summary: 'Change an open sourcing event, or cancel it (`status: "cancelled"`)',
        params: IdParams,
        body: SourcingEventPatch,
        response: { 200: SourcingEvent },
      },
    },
    async (request) => sourcing.update(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/sourcing-events/:id/scores',
    {
      schema: {
        tags,
        summary: 'Every evaluator’s scores with their comments',
        params: IdParams,
        response: { 200: z.object({ items: z.array(Score) }) },
      },
    },
    async (request) => ({ items: await sourcing.scores(actorOf(request), request.params.id) }),
  );
  app.post(
    '/sourcing-events/:id/scores',
    {
      schema: {
        tags,
        summary: 'Score a candidate on a criterion (0–5) as the calling evaluator; sent again, it replaces',
        params: IdParams,
        body: ScoreBody,
        response: { 200: Score },
      },
    },
    async (request) => sourcing.score(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/sourcing-events/:id/ranking',
    {
      schema: {
        tags,
        summary:
          'The ranking by weighted score, the spread between evaluators and the sensitivity to each weight',
        params: IdParams,
        response: { 200: Ranking },
      },
    },
    async (request) => sourcing.ranking(actorOf(request), request.params.id),
  );
  app.post(
    '/sourcing-events/:id/award',
    {
      schema: {
        tags,
        summary: 'Award a candidate: the event closes and a draft engagement opens for the vendor',
        params: IdParams,
        body: AwardBody,
        response: { 201: z.object({ event: SourcingEvent, engagement: Engagement }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await sourcing.award(actorOf(request), request.params.id, request.body)),
  );
}
