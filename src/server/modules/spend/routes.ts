import { z } from 'zod';
import { IdParams, page } from '../../../contracts/common';
import {
  ExchangeRate,
  ExchangeRateBody,
  ExchangeRateListQuery,
  ExchangeRateParams,
  ExitPlan,
  ExitPlanBody,
  Invoice,
  InvoiceBody,
  InvoiceListQuery,
  InvoicePatch,
  RateImportResult,
  Renewal,
  RenewalDecisionBody,
  RenewalListQuery,
  RenewalTermsBody,
  Savings,
  SpendQuery,
  SpendReport,
} from '../../../contracts/spend';
import { unsupportedMedia } from '../../errors';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['spend'];
/** A rate file is small: a few years of daily rates for a few dozen currencies. */
const CSV_LIMIT = 5 * 1024 * 1024;

export async function spendRoutes(app: ZodApp, { services }: ModuleOptions) {
  const spend = services.spend;

  // Invoices
  app.get(
    '/invoices',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Invoices, newest period first (a vendor user sees their own engagements’)',
        querystring: InvoiceListQuery,
        response: { 200: page(Invoice) },
      },
    },
    async (request) => spend.invoices.list(actorOf(request), request.query),
  );
  app.post(
    '/invoices',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Enter an invoice (status received)',
        body: InvoiceBody,
        response: { 201: Invoice },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await spend.invoices.create(actorOf(request), request.body)),
  );
  app.get(
    '/invoices/:id',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'One invoice with its SLA credit lines and net amount',
        params: IdParams,
        response: { 200: Invoice },
      },
    },
    async (request) => spend.invoices.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/invoices/:id',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Correct an invoice, or move it: received → approved → paid, or disputed (with a reason)',
        params: IdParams,
        body: InvoicePatch,
        response: { 200: Invoice },
      },
    },
    async (request) => spend.invoices.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/invoices/:id',
    {
      schema: {
        tags,
        summary: 'Remove an invoice entered by mistake (before approval)',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await spend.invoices.remove(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  // Exchange rates
  app.get(
    '/exchange-rates',
    {
      schema: {
        tags,
        summary: 'Exchange rates: units of the organisation’s currency per one unit, newest first',
        querystring: ExchangeRateListQuery,
        response: { 200: page(ExchangeRate) },
      },
    },
    async (request) => spend.rates.list(actorOf(request), request.query),
  );
  app.post(
    '/exchange-rates',
    {
      schema: {
        tags,
        summary: 'Enter a rate (one for the same currency and date is replaced: 200)',
        body: ExchangeRateBody,
        response: { 200: ExchangeRate, 201: ExchangeRate },
      },
    },
    async (request, reply) => {
      const { rate, replaced } = await spend.rates.put(actorOf(request), request.body);
      return reply.status(replaced ? 200 : 201).send(rate);
    },
  );
  app.delete(
    '/exchange-rates/:currency/:date',
    {
      schema: {
        tags,
        summary: 'Remove a rate',
        params: ExchangeRateParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await spend.rates.remove(actorOf(request), request.params.currency, request.params.date);
      return reply.status(204).send();
    },
  );
  await app.register(async (csv: ZodApp) => {
    csv.addContentTypeParser(['text/csv'], { parseAs: 'string', bodyLimit: CSV_LIMIT }, (_req, body, done) =>
      done(null, body),
    );
    csv.post(
      '/exchange-rates/import',
      {
        schema: {
          tags,
          summary: 'Import rates from CSV (currency,date,rate): all lines or none',
          consumes: ['text/csv'],
          body: z.string().meta({ description: 'CSV with the header currency,date,rate' }),
          response: { 200: RateImportResult },
        },
      },
      async (request) => {
        if (!String(request.headers['content-type'] ?? '').startsWith('text/csv'))
          throw unsupportedMedia('Send the rates as text/csv.');
        return spend.rates.importCsv(actorOf(request), request.body);
      },
    );
  });

  // Budget vs actual, savings
  app.get(
    '/spend',
    {
      schema: {
        tags,
        summary:
          'Budget vs actual per vendor, function, country, month or engagement, in the organisation’s currency',
        querystring: SpendQuery,
        response: { 200: SpendReport },
      },
    },
    async (request) => spend.report(actorOf(request), request.query),
  );
  app.get(
    '/engagements/:id/savings',
    {
      schema: {
        tags,
        summary: 'Planned savings (from the linked business case) against realised, month by month',
        params: IdParams,
        response: { 200: Savings },
      },
    },
    async (request) => spend.savings(actorOf(request), request.params.id),
  );

  // Renewals
  app.get(
    '/renewals',
    {
      schema: {
        tags,
        summary: 'The renewals calendar: terms ending in the window, by notice deadline',
        querystring: RenewalListQuery,
        response: { 200: z.object({ items: z.array(Renewal) }) },
      },
    },
    async (request) => spend.renewals.list(actorOf(request), request.query),
  );
  app.get(
    '/engagements/:id/renewal',
    {
      schema: {
        tags,
        summary: 'An engagement’s renewal and its decision',
        params: IdParams,
        response: { 200: Renewal },
      },
    },
    async (request) => spend.renewals.get(actorOf(request), request.params.id),
  );
  app.put(
    '/engagements/:id/renewal',
    {
      schema: {
        tags,
        summary: 'Set whether the contract renews by itself',
        params: IdParams,
        body: RenewalTermsBody,
        response: { 200: Renewal },
      },
    },
    async (request) => spend.renewals.setTerms(actorOf(request), request.params.id, request.body),
  );
  app.put(
    '/engagements/:id/renewal-decision',
    {
      schema: {
        tags,
        summary: 'Decide the current term: renew, renegotiate, re-tender or exit',
        params: IdParams,
        body: RenewalDecisionBody,
        response: { 200: Renewal },
      },
    },
    async (request) => spend.renewals.decide(actorOf(request), request.params.id, request.body),
  );

  // Exit plans
  app.get(
    '/engagements/:id/exit-plan',
    {
      schema: {
        tags,
        summary: 'The exit plan with its readiness',
        params: IdParams,
        response: { 200: ExitPlan },
      },
    },
    async (request) => spend.exitPlans.get(actorOf(request), request.params.id),
  );
  app.put(
    '/engagements/:id/exit-plan',
    {
      schema: {
        tags,
        summary: 'Replace the exit plan',
        params: IdParams,
        body: ExitPlanBody,
        response: { 200: ExitPlan },
      },
    },
    async (request) => spend.exitPlans.put(actorOf(request), request.params.id, request.body),
  );
}
