import { z } from 'zod';
import { IdParams, page } from '../../../contracts/common';
import {
  DecideHitBody,
  Hit,
  HitListQuery,
  ListSource,
  ListsOverview,
  ListVersion,
  LoadListBody,
  LoadResult,
  PutAliasesBody,
  ScreeningSettings,
  VendorScreening,
  VersionListQuery,
} from '../../../contracts/screening';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['screening'];
const SourceParams = z.object({ source: ListSource });
/** The EU's XML is about 25 MB, and JSON escaping adds a little. */
const LOAD_LIMIT = 96 * 1024 * 1024;

export async function screeningRoutes(app: ZodApp, { services }: ModuleOptions) {
  const screening = services.screening;
  app.get(
    '/screening/lists',
    {
      schema: {
        tags,
        summary:
          'The sanctions lists: each source’s current version, schedule and last fetch, and the threshold',
        response: { 200: ListsOverview },
      },
    },
    async (request) => screening.lists.overview(actorOf(request)),
  );
  app.get(
    '/screening/lists/versions',
    {
      schema: {
        tags,
        summary: 'Every loaded version, newest first',
        querystring: VersionListQuery,
        response: { 200: page(ListVersion) },
      },
    },
    async (request) => screening.lists.versions(actorOf(request), request.query),
  );
  app.post(
    '/screening/lists/:source/versions',
    {
      bodyLimit: LOAD_LIMIT,
      schema: {
        tags,
        summary:
          'Load an official file as a new version (all or nothing; problems name the line or element), then screen every vendor',
        params: SourceParams,
        body: LoadListBody,
        response: { 201: LoadResult },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await screening.lists.load(actorOf(request), request.params.source, request.body)),
  );
  app.post(
    '/screening/lists/:source/fetch',
    {
      schema: {
        tags,
        summary: 'Fetch the source from its URL now and load it if it changed',
        params: SourceParams,
        response: { 200: LoadResult.extend({ version: ListVersion.nullable() }) },
      },
    },
    async (request) => screening.lists.fetchNow(actorOf(request), request.params.source),
  );
  app.get(
    '/screening/settings',
    {
      schema: {
        tags,
        summary: 'The match threshold and the fetch schedules',
        response: { 200: ScreeningSettings },
      },
    },
    async (request) => screening.lists.settings.get(actorOf(request)),
  );
  app.put(
    '/screening/settings',
    {
      schema: {
        tags,
        summary: 'Replace the match threshold and the fetch schedules',
        body: ScreeningSettings,
        response: { 200: ScreeningSettings },
      },
    },
    async (request) => screening.lists.settings.put(actorOf(request), request.body),
  );
  app.get(
    '/screening/hits',
    {
      schema: {
        tags,
        summary: 'Screening hits, newest first',
        querystring: HitListQuery,
        response: { 200: page(Hit) },
      },
    },
    async (request) => screening.listHits(actorOf(request), request.query),
  );
  app.get(
    '/screening/hits/:id',
    {
      schema: {
        tags,
        summary: 'A hit: the record’s name beside the list entry',
        params: IdParams,
        response: { 200: Hit },
      },
    },
    async (request) => screening.getHit(actorOf(request), request.params.id),
  );
  app.post(
    '/screening/hits/:id/decision',
    {
      schema: {
        tags,
        summary:
          'Decide a hit: true match (holds the vendor) or false positive (not raised again), with a reason',
        params: IdParams,
        body: DecideHitBody,
        response: { 200: Hit },
      },
    },
    async (request) => screening.decide(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/vendors/:id/screening',
    {
      schema: {
        tags,
        summary: 'The vendor’s screening status and aliases',
        params: IdParams,
        response: { 200: VendorScreening },
      },
    },
    async (request) => screening.vendorStatus(actorOf(request), request.params.id),
  );
  app.post(
    '/vendors/:id/screening',
    {
      schema: {
        tags,
        summary: 'Screen the vendor again now',
        params: IdParams,
        response: { 200: VendorScreening },
      },
    },
    async (request) => screening.rescreen(actorOf(request), request.params.id),
  );
  app.put(
    '/vendors/:id/screening/aliases',
    {
      schema: {
        tags,
        summary: 'Replace the other names the vendor is known by (screened with its name)',
        params: IdParams,
        body: PutAliasesBody,
        response: { 200: VendorScreening },
      },
    },
    async (request) => screening.putAliases(actorOf(request), request.params.id, request.body.aliases),
  );
}
