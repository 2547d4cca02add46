import { IdParams, page } from '../../../contracts/common';
import {
  Heatmap,
  Risk,
  RiskBody,
  RiskFilters,
  RiskListQuery,
  RiskPatch,
  RiskSettings,
  SignalRefreshResult,
} from '../../../contracts/risks';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['risks'];

export async function riskRoutes(app: ZodApp, { services }: ModuleOptions) {
  const risks = services.risks;

  app.get(
    '/risks',
    {
      schema: {
        tags,
        summary: 'The register, filtered (closed risks only when asked), newest first or by score',
        querystring: RiskListQuery,
        response: { 200: page(Risk) },
      },
    },
    async (request) => risks.list(actorOf(request), request.query),
  );
  app.post(
    '/risks',
    {
      schema: { tags, summary: 'Enter a risk by hand', body: RiskBody, response: { 201: Risk } },
    },
    async (request, reply) => reply.status(201).send(await risks.create(actorOf(request), request.body)),
  );
  app.get(
    '/risks/heatmap',
    {
      schema: {
        tags,
        summary: 'Counts per likelihood × impact cell, inherent and residual, under the list’s filters',
        querystring: RiskFilters,
        response: { 200: Heatmap },
      },
    },
    async (request) => risks.heatmap(actorOf(request), request.query),
  );
  app.post(
    '/risks/signals/refresh',
    {
      schema: {
        tags,
        summary: 'Evaluate every signal source now (owners and administrators)',
        response: { 200: SignalRefreshResult },
      },
    },
    async (request) => risks.signals.refresh(actorOf(request)),
  );
  app.get(
    '/risks/settings',
    {
      schema: {
        tags,
        summary: 'The concentration thresholds of the signals',
        response: { 200: RiskSettings },
      },
    },
    async (request) => risks.getSettings(actorOf(request)),
  );
  app.put(
    '/risks/settings',
    {
      schema: {
        tags,
        summary: 'Replace the risk settings',
        body: RiskSettings,
        response: { 200: RiskSettings },
      },
    },
    async (request) => risks.putSettings(actorOf(request), request.body),
  );
  app.get(
    '/risks/:id',
    { schema: { tags, summary: 'One risk', params: IdParams, response: { 200: Risk } } },
    async (request) => risks.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/risks/:id',
    {
      schema: {
        tags,
        summary: 'Change a risk; status moves only along allowed transitions, acceptance needs an expiry',
        params: IdParams,
        body: RiskPatch,
        response: { 200: Risk },
      },
    },
    async (request) => risks.update(actorOf(request), request.params.id, request.body),
  );
}
