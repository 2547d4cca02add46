import multipart from '@fastify/multipart';
import { z } from 'zod';
import { IdParams } from '../../../contracts/common';
import { StoredFile, UploadForm } from '../../../contracts/files';
import { invalid } from '../../errors';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { attachment, fileResponse } from '../../lib/download';

const missingFile = () =>
  invalid(
    [{ field: 'file', message: 'is required: send the file as multipart/form-data in a part named file' }],
    'The request has no file: send it as multipart/form-data in a part named file.',
  );

export async function fileRoutes(app: ZodApp, { services, config }: ModuleOptions) {
  const files = services.files;

  // Multipart only here, so the 1 MiB body limit everywhere else stays as it is.
  await app.register(multipart, {
    limits: { files: 1, fileSize: config.maxUploadBytes, fields: 10, fieldSize: 4096, parts: 11 },
  });

  app.post(
    '/files',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['files'],
        summary: 'Upload a file (checked by its content, encrypted at rest)',
        consumes: ['multipart/form-data'],
        body: UploadForm,
        response: { 201: StoredFile },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw missingFile();
      const part = await request.file();
      if (part?.fieldname !== 'file') {
        part?.file.resume();
        throw missingFile();
      }
      const stored = await files.upload(actorOf(request), {
        name: part.filename,
        content: part.file,
        truncated: () => part.file.truncated,
      });
      return reply.status(201).send(stored);
    },
  );

  app.get(
    '/files/:id',
    {
      config: { vendor: 'same' },
      exposeHeadRoute: false, // a HEAD would be audited as a download without one
      schema: {
        tags: ['files'],
        summary: 'Download a file (audited); ETag is its SHA-256',
        params: IdParams,
        response: {
          200: fileResponse('The file’s bytes, in the content type it was uploaded with, and its name', {
            '*/*': { schema: z.any().meta({ type: 'string', format: 'binary' }) },
          }),
        },
      },
    },
    async (request, reply) => {
      const { file, content } = await files.download(actorOf(request), request.params.id);
      content.on('error', (err) => request.log.error({ err, fileId: file.id }, 'file stream failed'));
      const type = file.contentType.startsWith('text/') || file.contentType === 'application/json';
      return reply
        .type(type ? `${file.contentType}; charset=utf-8` : file.contentType)
        .header('Content-Length', String(file.size))
        .header('Content-Disposition', attachment(file.name, 'file'))
        .header('ETag', `"${file.sha256}"`)
        .header('Repr-Digest', `sha-256=:${Buffer.from(file.sha256, 'hex').toString('base64')}:`)
        .header('Cache-Control', 'private, no-store')
        .send(content);
    },
  );

  app.get(
    '/files/:id/meta',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['files'],
        summary: 'A file’s record',
        params: IdParams,
        response: { 200: StoredFile },
      },
    },
    async (request) => files.meta(actorOf(request), request.params.id),
  );
}
