import { z } from 'zod';
import { IdParams } from '../../../contracts/common';
import {
  Agreement,
  AgreementBody,
  AgreementParams,
  AgreementPatch,
  DataFlow,
  DataFlowBody,
  DataFlowPatch,
  DataProtectionOverview,
  DataSharingSettings,
  ExportQuery,
  VendorTier,
} from '../../../contracts/data-sharing';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { CSV_TYPE, withBom } from '../../lib/csv';
import { attachment, fileResponse } from '../../lib/download';

const tags = ['data-sharing'];
const list = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item) });

export async function dataSharingRoutes(app: ZodApp, { services }: ModuleOptions) {
  const sharing = services.dataSharing;
  const flows = sharing.flows;
  const agreements = sharing.agreements;

  app.get(
    '/data-sharing/settings',
    {
      schema: {
        tags,
        summary: 'The risk-tier matrix and the reassessment interval per tier',
        response: { 200: DataSharingSettings },
      },
    },
    async (request) => sharing.getSettings(actorOf(request)),
  );
  app.put(
    '/data-sharing/settings',
    {
      schema: {
        tags,
        summary: 'Replace the tier matrix and intervals (every vendor is re-tiered)',
        body: DataSharingSettings,
        response: { 200: DataSharingSettings },
      },
    },
    async (request) => sharing.putSettings(actorOf(request), request.body),
  );

  // The register
  app.get(
    '/engagements/:id/data-flows',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The engagement’s data-sharing register, each entry with its flags',
        params: IdParams,
        response: { 200: list(DataFlow) },
      },
    },
    async (request) => ({ items: await flows.list(actorOf(request), request.params.id) }),
  );
  app.post(
    '/engagements/:id/data-flows',
    {
      schema: {
        tags,
        summary: 'Add a register entry (the vendor’s tier is recomputed)',
        params: IdParams,
        body: DataFlowBody,
        response: { 201: DataFlow },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await flows.create(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/vendors/:id/data-flows',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The register entries of every engagement of the vendor',
        params: IdParams,
        response: { 200: list(DataFlow) },
      },
    },
    async (request) => ({ items: await flows.listForVendor(actorOf(request), request.params.id) }),
  );
  app.get(
    '/data-flows/export',
    {
      schema: {
        tags,
        summary: 'The record of processing for the organisation or one vendor, as CSV or JSON',
        querystring: ExportQuery,
        response: {
          200: fileResponse('The register entries with their flags', {
            'text/csv': { schema: z.string() },
            'application/json': { schema: z.string() },
          }),
        },
      },
    },
    async (request, reply) => {
      const { format, vendorId, bom } = request.query;
      const out = await sharing.exportRegister(actorOf(request), format, vendorId);
      return reply
        .type(format === 'csv' ? CSV_TYPE : 'application/json; charset=utf-8')
        .header('Content-Disposition', attachment(out.filename, 'record-of-processing'))
        .serializer((v: unknown) => v as string)
        .send(format === 'csv' ? withBom(out.body, bom) : out.body);
    },
  );
  app.get(
    '/data-flows/:id',
    {
      config: { vendor: 'same' },
      schema: { tags, summary: 'One register entry', params: IdParams, response: { 200: DataFlow } },
    },
    async (request) => flows.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/data-flows/:id',
    {
      schema: {
        tags,
        summary: 'Change a register entry',
        params: IdParams,
        body: DataFlowPatch,
        response: { 200: DataFlow },
      },
    },
    async (request) => flows.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/data-flows/:id',
    {
      schema: {
        tags,
        summary: 'Remove a register entry',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await flows.remove(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  // Agreements
  app.get(
    '/vendors/:id/agreements',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The agreements on file with the vendor',
        params: IdParams,
        response: { 200: list(Agreement) },
      },
    },
    async (request) => ({ items: await agreements.list(actorOf(request), request.params.id) }),
  );
  app.post(
    '/vendors/:id/agreements',
    {
      schema: {
        tags,
        summary: 'Record an agreement (DPA, NDA, MSA, BAA)',
        params: IdParams,
        body: AgreementBody,
        response: { 201: Agreement },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await agreements.create(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/vendors/:id/agreements/:agreementId',
    {
      config: { vendor: 'same' },
      schema: { tags, summary: 'One agreement', params: AgreementParams, response: { 200: Agreement } },
    },
    async (request) => agreements.get(actorOf(request), request.params.id, request.params.agreementId),
  );
  app.patch(
    '/vendors/:id/agreements/:agreementId',
    {
      schema: {
        tags,
        summary: 'Change an agreement',
        params: AgreementParams,
        body: AgreementPatch,
        response: { 200: Agreement },
      },
    },
    async (request) =>
      agreements.update(actorOf(request), request.params.id, request.params.agreementId, request.body),
  );
  app.delete(
    '/vendors/:id/agreements/:agreementId',
    {
      schema: {
        tags,
        summary: 'Remove an agreement',
        params: AgreementParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await agreements.remove(actorOf(request), request.params.id, request.params.agreementId);
      return reply.status(204).send();
    },
  );

  // Tier and the organisation-wide view
  app.get(
    '/vendors/:id/tier',
    {
      schema: {
        tags,
        summary: 'The vendor’s risk tier, reassessment interval, why, its history and vendor-level flags',
        params: IdParams,
        response: { 200: VendorTier },
      },
    },
    async (request) => sharing.tier(actorOf(request), request.params.id),
  );
  app.get(
    '/data-protection/overview',
    {
      schema: {
        tags,
        summary: 'Vendors holding restricted data, the register by country with flags, vendors missing a DPA',
        response: { 200: DataProtectionOverview },
      },
    },
    async (request) => sharing.overview(actorOf(request)),
  );
}
