import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import { sendProblem } from './errors';

/** Serve the built web app; any non-API path falls back to index.html (client-side routes). */
export async function registerWeb(app: FastifyInstance, webDir: string) {
  const index = path.join(webDir, 'index.html');
  const built = existsSync(index);
  if (built) {
    // wildcard: files are looked up on each request, so a rebuilt app is served without a restart;
    // a missing file falls through to the not-found handler below (index.html for client routes).
    await app.register(fastifyStatic, { root: webDir, wildcard: true, index: false, maxAge: '1h' });
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.header('Cache-Control', 'no-cache').sendFile('index.html'),
    );
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') {
      return sendProblem(
        request,
        reply,
        new AppError(404, 'not-found', `No route ${request.method} ${request.url.split('?')[0]}.`),
      );
    }
    // A missing asset (a name with an extension) is a plain 404, never the app's HTML.
    if (/\.[a-z0-9]+$/i.test(request.url.split('?')[0]!)) {
      return reply.status(404).type('text/plain').send('Not found');
    }
    if (!built) {
      return reply
        .status(503)
        .type('text/plain')
        .send('The web app is not built. Run `npm run build` (npm start does it for you).');
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}
