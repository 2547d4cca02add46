import type { Readable } from 'node:stream';
import { z } from 'zod';
import { IdParams } from '../../../contracts/common';
import {
  CloseBody,
  CloseResult,
  HistoryQuery,
  ImportChecked,
  InsertedResult,
  MeasurementBatch,
  Portfolio,
  PortfolioQuery,
  SlaHistory,
  SlaQuery,
  SlaResult,
  SlaSettings,
  SlaSettingsBody,
} from '../../../contracts/quality';
import { invalid, payloadTooLarge, unsupportedMedia } from '../../errors';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

/** CSV imports may be large; the body is streamed, never held in memory. */
export const IMPORT_LIMIT = 512 * 1024 * 1024;

export async function qualityRoutes(app: ZodApp, { services }: ModuleOptions) {
  const { quality } = services;
  const tags = ['quality'];

  app.post(
    '/engagements/:id/measurements',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary:
          'Add up to 10,000 KPI measurements, all or nothing (send an Idempotency-Key to retry safely)',
        params: IdParams,
        headers: z.looseObject({
          'idempotency-key': z.string().optional().meta({
            description:
              'Any unique string up to 200 characters; a retry with the same key and body writes nothing and answers the first result',
          }),
        }),
        body: MeasurementBatch,
        response: { 201: InsertedResult },
      },
    },
    async (request, reply) => {
      const key = request.headers['idempotency-key'];
      if (key !== undefined && (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)))
        throw invalid([{ field: 'Idempotency-Key', message: 'must be 1 to 200 visible ASCII characters' }]);
      const result = await quality.measurements.addMeasurements(
        actorOf(request),
        request.params.id,
        request.body,
        key,
      );
      return reply.status(201).send(result);
    },
  );

  // The import's body is handed over as the raw stream, in an encapsulated context so that every
  // other route keeps the 1 MiB limit and answers 415 to CSV.
  await app.register(async (csv: ZodApp) => {
    csv.addContentTypeParser(['text/csv'], { bodyLimit: IMPORT_LIMIT }, (_req, payload, done) =>
      done(null, payload),
    );
    csv.post(
      '/measurements/import',
      {
        config: { vendor: 'same' },
        schema: {
          tags,
          summary:
            'Import measurements from CSV, streamed; every row is checked, then all are written or none',
          consumes: ['text/csv'],
          querystring: z.object({
            dryRun: z.enum(['true', 'false', '1', '0']).optional().meta({
              description:
                'Check every row (duplicates too) and write nothing: 200 with the number of rows that would be imported, or the same 422 as the import',
            }),
          }),
          body: z.any().meta({
            description:
              'CSV with a header line: engagement,kpi,at,value,numerator,denominator,source,external_id',
          }),
          response: { 200: ImportChecked, 201: InsertedResult },
        },
      },
      async (request, reply) => {
        if (!String(request.headers['content-type'] ?? '').startsWith('text/csv'))
          throw unsupportedMedia('Send the measurements as text/csv.');
        const length = Number(request.headers['content-length'] ?? 0);
        if (length > IMPORT_LIMIT)
          throw payloadTooLarge('The CSV is larger than the 512 MiB limit; split it.');
        const dryRun = request.query.dryRun === 'true' || request.query.dryRun === '1';
        const result = await quality.importer.importCsv(
          actorOf(request),
          request.body as Readable,
          undefined,
          {
            dryRun,
          },
        );
        return reply.status(dryRun ? 200 : 201).send(result);
      },
    );
  });

  app.get(
    '/engagements/:id/sla',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary:
          'The SLA of a month, ISO week or day in the engagement’s time zone, with credit and reconciliation',
        params: IdParams,
        querystring: SlaQuery,
        response: { 200: SlaResult },
      },
    },
    async (request) =>
      quality.measurements.sla(
        actorOf(request),
        request.params.id,
        request.query.period,
        request.query.source,
      ),
  );
  app.get(
    '/engagements/:id/sla/history',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary:
          'The last N periods’ SLA results, oldest first (closed ones as stored, the current one live)',
        params: IdParams,
        querystring: HistoryQuery,
        response: { 200: SlaHistory },
      },
    },
    async (request) => quality.measurements.history(actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/engagements/:id/sla-settings',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Earn-back and grace for late data',
        params: IdParams,
        response: { 200: SlaSettings },
      },
    },
    async (request) => quality.measurements.settings(actorOf(request), request.params.id),
  );
  app.put(
    '/engagements/:id/sla-settings',
    {
      schema: {
        tags,
        summary: 'Set earn-back (on/off, N periods) and the grace before a period closes',
        params: IdParams,
        body: SlaSettingsBody,
        response: { 200: SlaSettings },
      },
    },
    async (request) => quality.measurements.saveSettings(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/quality/portfolio',
    {
      schema: {
        tags,
        summary:
          'SLA attainment by vendor and function, credits to date, worst-trending engagements (closed months)',
        querystring: PortfolioQuery,
        response: { 200: Portfolio },
      },
    },
    // Answered as JSON text made (and cached) by the service: the serialiser is not run again.
    async (request, reply) =>
      reply
        .type('application/json; charset=utf-8')
        .send((await quality.measurements.portfolioJson(actorOf(request), request.query.period)) as never),
  );
  app.post(
    '/sla/close',
    {
      schema: {
        tags,
        summary: 'Close every SLA month that is due now (the scheduler does this on its own)',
        body: CloseBody,
        response: { 200: CloseResult },
      },
    },
    async (request) => quality.closing.run(actorOf(request), request.body?.engagementId),
  );
}
