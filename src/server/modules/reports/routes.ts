import { z } from 'zod';
import { PortfolioReportQuery, QbrQuery } from '../../../contracts/reports';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { CSV_TYPE, withBom } from '../../lib/csv';
import { attachment, fileResponse } from '../../lib/download';
import type { ReportFile } from './service';

const tags = ['reports'];
const binary = { schema: z.string().meta({ format: 'binary' }) };

export async function reportsRoutes(app: ZodApp, { services }: ModuleOptions) {
  const send = (reply: import('fastify').FastifyReply, out: ReportFile, bom: '0' | '1' = '1') =>
    reply
      .type(out.contentType)
      .header('Content-Disposition', attachment(out.filename))
      .serializer((v: unknown) => v as string)
      .send(out.contentType === CSV_TYPE ? withBom(out.body as string, bom) : (out.body as string));

  app.get(
    '/reports/qbr',
    {
      schema: {
        tags,
        summary:
          "A vendor's quarterly business review pack (PDF): scorecards, SLA, spend, risks, findings, actions",
        querystring: QbrQuery,
        response: { 200: fileResponse('The PDF', { 'application/pdf': binary }) },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await services.reports.qbr(actorOf(request), request.query.vendorId, request.query.quarter),
      ),
  );
  app.get(
    '/reports/portfolio',
    {
      schema: {
        tags,
        summary: 'The portfolio summary as PDF, or as CSV with one row per vendor',
        querystring: PortfolioReportQuery,
        response: {
          200: fileResponse('The document', {
            'application/pdf': binary,
            'text/csv': { schema: z.string() },
          }),
        },
      },
    },
    async (request, reply) =>
      send(
        reply,
        await services.reports.portfolio(actorOf(request), request.query.format),
        request.query.bom,
      ),
  );
}
