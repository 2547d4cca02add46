import { z } from 'zod';
import { IdParams } from '../../../contracts/common';
import {
  Certification,
  CertificationBody,
  CertificationParams,
  CertificationPatch,
  Checklist,
  DiligenceSettings,
  PastClient,
  PastClientBody,
  PastClientParams,
  PastClientPatch,
  Reference,
  ReferenceBody,
  ReferenceParams,
  ReferencePatch,
  TrackRecord,
} from '../../../contracts/diligence';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['diligence'];
const list = <T extends z.ZodTypeAny>(item: T) => z.object({ items: z.array(item) });

export async function diligenceRoutes(app: ZodApp, { services }: ModuleOptions) {
  const diligence = services.diligence;
  const certs = diligence.certifications;
  const refs = diligence.references;

  app.get(
    '/diligence/settings',
    {
      schema: {
        tags,
        summary: 'The expiring window and the checklist per criticality',
        response: { 200: DiligenceSettings },
      },
    },
    async (request) => diligence.getSettings(actorOf(request)),
  );
  app.put(
    '/diligence/settings',
    {
      schema: {
        tags,
        summary: 'Replace the diligence settings',
        body: DiligenceSettings,
        response: { 200: DiligenceSettings },
      },
    },
    async (request) => diligence.putSettings(actorOf(request), request.body),
  );

  // Certifications
  app.get(
    '/vendors/:id/certifications',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'A vendor’s certifications with their computed status',
        params: IdParams,
        response: { 200: list(Certification) },
      },
    },
    async (request) => ({ items: await certs.list(actorOf(request), request.params.id) }),
  );
  app.post(
    '/vendors/:id/certifications',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Add a certification',
        params: IdParams,
        body: CertificationBody,
        response: { 201: Certification },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await certs.create(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/vendors/:id/certifications/:certId',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'One certification',
        params: CertificationParams,
        response: { 200: Certification },
      },
    },
    async (request) => certs.get(actorOf(request), request.params.id, request.params.certId),
  );
  app.patch(
    '/vendors/:id/certifications/:certId',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Change a certification (changing a verified one clears the verification)',
        params: CertificationParams,
        body: CertificationPatch,
        response: { 200: Certification },
      },
    },
    async (request) => certs.update(actorOf(request), request.params.id, request.params.certId, request.body),
  );
  app.delete(
    '/vendors/:id/certifications/:certId',
    {
      schema: {
        tags,
        summary: 'Remove a certification',
        params: CertificationParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await certs.remove(actorOf(request), request.params.id, request.params.certId);
      return reply.status(204).send();
    },
  );
  app.post(
    '/vendors/:id/certifications/:certId/verify',
    {
      schema: {
        tags,
        summary: 'Record that the certificate was checked against its evidence',
        params: CertificationParams,
        response: { 200: Certification },
      },
    },
    async (request) => certs.verify(actorOf(request), request.params.id, request.params.certId),
  );

  // Reference checks
  app.get(
    '/vendors/:id/references',
    {
      schema: {
        tags,
        summary: 'A vendor’s reference checks (internal only)',
        params: IdParams,
        response: { 200: list(Reference) },
      },
    },
    async (request) => ({ items: await refs.list(actorOf(request), request.params.id) }),
  );
  app.post(
    '/vendors/:id/references',
    {
      schema: {
        tags,
        summary: 'Record a reference check',
        params: IdParams,
        body: ReferenceBody,
        response: { 201: Reference },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await refs.create(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/vendors/:id/references/:refId',
    {
      schema: { tags, summary: 'One reference check', params: ReferenceParams, response: { 200: Reference } },
    },
    async (request) => refs.get(actorOf(request), request.params.id, request.params.refId),
  );
  app.patch(
    '/vendors/:id/references/:refId',
    {
      schema: {
        tags,
        summary: 'Change a reference check',
        params: ReferenceParams,
        body: ReferencePatch,
        response: { 200: Reference },
      },
    },
    async (request) => refs.update(actorOf(request), request.params.id, request.params.refId, request.body),
  );
  app.delete(
    '/vendors/:id/references/:refId',
    {
      schema: {
        tags,
        summary: 'Remove a reference check',
        params: ReferenceParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await refs.remove(actorOf(request), request.params.id, request.params.refId);
      return reply.status(204).send();
    },
  );

  // Past clients
  app.get(
    '/vendors/:id/past-clients',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The vendor’s self-declared past clients',
        params: IdParams,
        response: { 200: list(PastClient) },
      },
    },
    async (request) => ({ items: await refs.listPastClients(actorOf(request), request.params.id) }),
  );
  app.post(
    '/vendors/:id/past-clients',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Add a past client',
        params: IdParams,
        body: PastClientBody,
        response: { 201: PastClient },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await refs.addPastClient(actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/vendors/:id/past-clients/:clientId',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'Change a past client',
        params: PastClientParams,
        body: PastClientPatch,
        response: { 200: PastClient },
      },
    },
    async (request) =>
      refs.updatePastClient(actorOf(request), request.params.id, request.params.clientId, request.body),
  );
  app.delete(
    '/vendors/:id/past-clients/:clientId',
    {
      schema: {
        tags,
        summary: 'Remove a past client',
        params: PastClientParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await refs.removePastClient(actorOf(request), request.params.id, request.params.clientId);
      return reply.status(204).send();
    },
  );

  // Track record and checklist
  app.get(
    '/vendors/:id/track-record',
    {
      schema: {
        tags,
        summary: 'What Outpost knows of the vendor: engagements, references, certificates, past clients',
        params: IdParams,
        response: { 200: TrackRecord },
      },
    },
    async (request) => diligence.trackRecord(actorOf(request), request.params.id),
  );
  app.get(
    '/vendors/:id/checklist',
    {
      schema: {
        tags,
        summary: 'The diligence checklist for the vendor’s criticality, with what is missing',
        params: IdParams,
        response: { 200: Checklist },
      },
    },
    async (request) => diligence.checklist(actorOf(request), request.params.id),
  );
}
