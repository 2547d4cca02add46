import { z } from 'zod';
import {
  BusinessCase,
  BusinessCaseAnalysis,
  BusinessCaseBody,
  BusinessCaseExportQuery,
  BusinessCaseListQuery,
} from '../../../contracts/business-cases';
import { IdParams, page } from '../../../contracts/common';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { CSV_TYPE, withBom } from '../../lib/csv';
import { attachment, fileResponse } from '../../lib/download';

export async function businessCaseRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { businessCases } = services;
  const tags = ['business cases'];

  app.get(
    '/business-cases',
    {
      schema: {
        tags,
        summary: 'List business cases (internal roles only)',
        querystring: BusinessCaseListQuery,
        response: { 200: page(BusinessCase) },
      },
    },
    async (request) => businessCases.list(actorOf(request), request.query),
  );
  app.post(
    '/business-cases',
    {
      schema: {
        tags,
        summary: 'Create a business case: the in-house side and the outsourced options',
        body: BusinessCaseBody,
        response: { 201: BusinessCase },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await businessCases.create(actorOf(request), request.body)),
  );
  app.get(
    '/business-cases/:id',
    { schema: { tags, summary: 'One business case', params: IdParams, response: { 200: BusinessCase } } },
    async (request) => businessCases.get(actorOf(request), request.params.id),
  );
  app.put(
    '/business-cases/:id',
    {
      schema: {
        tags,
        summary: 'Replace a business case (options keep the ids they are sent with)',
        params: IdParams,
        body: BusinessCaseBody,
        response: { 200: BusinessCase },
      },
    },
    async (request) => businessCases.replace(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/business-cases/:id',
    {
      schema: {
        tags,
        summary: 'Delete a business case',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await businessCases.remove(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/business-cases/:id/analysis',
    {
      schema: {
        tags,
        summary: 'Year-by-year cost and savings, NPV, payback, sensitivity and risk range of each option',
        params: IdParams,
        response: { 200: BusinessCaseAnalysis },
      },
    },
    async (request) => businessCases.analysis(actorOf(request), request.params.id),
  );
  app.get(
    '/business-cases/:id/export',
    {
      schema: {
        tags,
        summary: 'The year table and summary as CSV, or a two-page PDF brief',
        params: IdParams,
        querystring: BusinessCaseExportQuery,
        response: {
          200: fileResponse('The document', {
            'text/csv': { schema: z.string() },
            'application/pdf': { schema: z.string().meta({ format: 'binary' }) },
          }),
        },
      },
    },
    async (request, reply) => {
      const out = await businessCases.export(actorOf(request), request.params.id, request.query.format);
      return reply
        .type(out.contentType)
        .header('Content-Disposition', attachment(out.filename, 'business-case'))
        .serializer((v: unknown) => v as string)
        .send(
          out.contentType === CSV_TYPE
            ? withBom(out.body as string, request.query.bom)
            : (out.body as string),
        );
    },
  );
}
