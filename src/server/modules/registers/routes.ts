import { z } from 'zod';
import {
  DoraFunction,
  DoraFunctionBody,
  DoraFunctionParams,
  DoraSettings,
  RegisterQuery,
  RegisterView,
} from '../../../contracts/dora';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { attachment, fileResponse } from '../../lib/download';

const tags = ['registers'];
const binary = z.string().meta({ format: 'binary' });

export async function registersRoutes(app: ZodApp, { services }: ModuleOptions) {
  const register = services.registers;

  app.get(
    '/registers/dora',
    {
      schema: {
        tags,
        summary:
          'The DORA register of information as the EBA plain-csv report package (ZIP), as it stood on the reference date',
        querystring: RegisterQuery,
        response: { 200: fileResponse('The report package', { 'application/zip': { schema: binary } }) },
      },
    },
    async (request, reply) => {
      const out = await register.package(actorOf(request), request.query.referenceDate);
      return reply
        .type('application/zip')
        .header('Content-Disposition', attachment(out.fileName, 'dora-register.zip'))
        .header('Cache-Control', 'private, no-store')
        .serializer((v: unknown) => v as string)
        .send(Buffer.from(out.bytes) as unknown as string);
    },
  );
  app.get(
    '/registers/dora/view',
    {
      schema: {
        tags,
        summary:
          'Per template, the rows the package would carry, and every missing or inconsistent value to fix',
        querystring: RegisterQuery,
        response: { 200: RegisterView },
      },
    },
    async (request) => register.view(actorOf(request), request.query.referenceDate),
  );
  app.get(
    '/registers/dora/settings',
    {
      schema: {
        tags,
        summary: 'The type of entity, competent authority and level of the register',
        response: { 200: DoraSettings },
      },
    },
    async (request) => register.getSettings(actorOf(request)),
  );
  app.put(
    '/registers/dora/settings',
    {
      schema: {
        tags,
        summary: 'Replace the register’s settings',
        body: DoraSettings,
        response: { 200: DoraSettings },
      },
    },
    async (request) => register.putSettings(actorOf(request), request.body),
  );
  app.get(
    '/registers/dora/functions',
    {
      schema: {
        tags,
        summary: 'The functions identified (B_06.01) with the engagements that support them',
        response: { 200: z.object({ items: z.array(DoraFunction) }) },
      },
    },
    async (request) => ({ items: await register.listFunctions(actorOf(request)) }),
  );
  app.post(
    '/registers/dora/functions',
    {
      schema: { tags, summary: 'Add a function', body: DoraFunctionBody, response: { 201: DoraFunction } },
    },
    async (request, reply) =>
      reply.status(201).send(await register.createFunction(actorOf(request), request.body)),
  );
  app.put(
    '/registers/dora/functions/:id',
    {
      schema: {
        tags,
        summary: 'Replace a function and its engagements',
        params: DoraFunctionParams,
        body: DoraFunctionBody,
        response: { 200: DoraFunction },
      },
    },
    async (request) => register.updateFunction(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/registers/dora/functions/:id',
    {
      schema: {
        tags,
        summary: 'Remove a function',
        params: DoraFunctionParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await register.removeFunction(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
}
