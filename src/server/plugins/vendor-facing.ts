import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

/**
 * Every answer a vendor user receives is built from the route's vendor-facing schema
 * (`config.vendor`, by status code), never from the internal one: a hook on the root instance
 * swaps the serializer for vendor users, so the vendor schema's allow-list decides which fields
 * leave the server and a field added later to the internal shape is dropped for them. A route a
 * vendor user reaches without a vendor schema for the status answers 500 instead of guessing
 * (the permission matrix walks every vendor-reachable route, so none ships that way). Public
 * routes (health, setup, invitations) answer everyone alike and need none.
 */
export function registerVendorFacing(app: FastifyInstance) {
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (request.actor?.role !== 'vendor' || reply.statusCode >= 400) return payload;
    const config = request.routeOptions.config;
    if (config.public) return payload;
    const vendor = config.vendor;
    // The response schema itself, reviewed as holding nothing internal: the route's own serializer.
    if (vendor === 'same') return payload;
    const schema = vendor?.[reply.statusCode];
    if (!schema)
      throw new Error(
        `${request.method} ${request.routeOptions.url} declares no vendor-facing schema for ${reply.statusCode}`,
      );
    reply.serializer((data: unknown) => {
      const result = z.safeEncode(schema, data);
      if (!result.success)
        throw new Error(
          `${request.method} ${request.routeOptions.url}: the answer does not fit its vendor-facing schema`,
          { cause: result.error },
        );
      return JSON.stringify(result.data);
    });
    return payload;
  });
}
