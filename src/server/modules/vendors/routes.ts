import { z } from 'zod';
import { CsvBomQuery, IdParams, page } from '../../../contracts/common';
import {
  Contact,
  ContactBody,
  ContactParams,
  ContactPatch,
  CreateVendorBody,
  ImportResult,
  SiteBody,
  SiteParams,
  SitePatch,
  UpdateVendorBody,
  Vendor,
  VendorFacingVendor,
  VendorListQuery,
  VendorSite,
} from '../../../contracts/vendors';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { CSV_TYPE, withBom } from '../../lib/csv';
import { attachment, fileResponse } from '../../lib/download';

const CSV_LIMIT = 20 * 1024 * 1024;

export async function vendorRoutes(app: ZodApp, { services }: ModuleOptions) {
  const vendors = services.vendors;

  app.get(
    '/vendors',
    {
      config: { vendor: { 200: page(VendorFacingVendor) } },
      schema: {
        tags: ['vendors'],
        summary: 'List vendors (a vendor user sees only their own)',
        querystring: VendorListQuery,
        response: { 200: page(Vendor) },
      },
    },
    async (request) => vendors.list(actorOf(request), request.query),
  );
  app.post(
    '/vendors',
    {
      schema: {
        tags: ['vendors'],
        summary: 'Create a vendor',
        body: CreateVendorBody,
        response: { 201: Vendor },
      },
    },
    async (request, reply) => reply.status(201).send(await vendors.create(actorOf(request), request.body)),
  );
  app.get(
    '/vendors/export',
    {
      schema: {
        tags: ['vendors'],
        summary: 'All vendors as CSV',
        querystring: CsvBomQuery,
        response: {
          200: fileResponse('CSV, one vendor a line', { 'text/csv': { schema: z.string() } }),
        },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const chunks: string[] = [];
      for await (const chunk of vendors.exportCsv(actor)) chunks.push(chunk);
      return reply
        .type(CSV_TYPE)
        .header('Content-Disposition', attachment('vendors.csv'))
        .serializer((v: unknown) => v as string)
        .send(withBom(chunks.join(''), request.query.bom));
    },
  );
  // CSV bodies arrive as text, with a larger limit; only the import route accepts them, so
  // every other route keeps the 1 MiB limit and answers 415 to CSV.
  await app.register(async (csv: ZodApp) => {
    csv.addContentTypeParser(
      ['text/csv', 'text/plain'],
      { parseAs: 'string', bodyLimit: CSV_LIMIT },
      (_req, body, done) => done(null, body),
    );
    csv.post(
      '/vendors/import',
      {
        schema: {
          tags: ['vendors'],
          summary: 'Import vendors from CSV (all rows or none)',
          consumes: ['text/csv'],
          body: z
            .string()
            .meta({ description: 'CSV with a header line: name,country,… (see docs/vendors.md)' }),
          response: { 200: ImportResult },
        },
      },
      async (request) => vendors.importCsv(actorOf(request), request.body),
    );
  });
  app.get(
    '/vendors/:id',
    {
      config: { vendor: { 200: VendorFacingVendor } },
      schema: {
        tags: ['vendors'],
        summary: 'One vendor with its contacts',
        params: IdParams,
        response: { 200: Vendor },
      },
    },
    async (request) => vendors.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/vendors/:id',
    {
      config: { vendor: { 200: VendorFacingVendor } },
      schema: {
        tags: ['vendors'],
        summary: 'Change a vendor; status moves only along allowed transitions',
        params: IdParams,
        body: UpdateVendorBody,
        response: { 200: Vendor },
      },
    },
    async (request) => vendors.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/vendors/:id',
    {
      schema: {
        tags: ['vendors'],
        summary: 'Delete a vendor created by mistake (offboard real ones)',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await vendors.remove(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/vendors/:id/contacts',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'A vendor’s contacts',
        params: IdParams,
        response: { 200: z.object({ items: z.array(Contact) }) },
      },
    },
    async (request) => ({ items: await vendors.listContacts(actorOf(request), request.params.id) }),
  );
  app.post(
    '/vendors/:id/contacts',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'Add a contact',
        params: IdParams,
        body: ContactBody,
        response: { 201: Contact },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await vendors.addContact(actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/vendors/:id/contacts/:contactId',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'Change a contact',
        params: ContactParams,
        body: ContactPatch,
        response: { 200: Contact },
      },
    },
    async (request) =>
      vendors.updateContact(actorOf(request), request.params.id, request.params.contactId, request.body),
  );
  app.delete(
    '/vendors/:id/contacts/:contactId',
    {
      schema: {
        tags: ['vendors'],
        summary: 'Remove a contact',
        params: ContactParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await vendors.removeContact(actorOf(request), request.params.id, request.params.contactId);
      return reply.status(204).send();
    },
  );

  // Delivery sites: internal writers and the vendor's own users keep them (404 for another vendor's).
  app.get(
    '/vendors/:id/sites',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'A vendor’s delivery sites',
        params: IdParams,
        response: { 200: z.object({ items: z.array(VendorSite) }) },
      },
    },
    async (request) => ({ items: await vendors.sites.list(actorOf(request), request.params.id) }),
  );
  app.post(
    '/vendors/:id/sites',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'Add a delivery site',
        params: IdParams,
        body: SiteBody,
        response: { 201: VendorSite },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await vendors.sites.create(actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/vendors/:id/sites/:siteId',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'Change a delivery site',
        params: SiteParams,
        body: SitePatch,
        response: { 200: VendorSite },
      },
    },
    async (request) =>
      vendors.sites.update(actorOf(request), request.params.id, request.params.siteId, request.body),
  );
  app.delete(
    '/vendors/:id/sites/:siteId',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['vendors'],
        summary: 'Remove a delivery site',
        params: SiteParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await vendors.sites.remove(actorOf(request), request.params.id, request.params.siteId);
      return reply.status(204).send();
    },
  );
}
