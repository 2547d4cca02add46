import { z } from 'zod';
import { IdParams } from '../../../contracts/common';
import {
  ActionItem,
  ActionListQuery,
  CalendarToken,
  CreateActionBody,
  CreateMeetingSeriesBody,
  Inbox,
  InboxQuery,
  Meeting,
  MeetingOccurrences,
  MeetingParams,
  MeetingSeries,
  OccurrencesQuery,
  PutMeetingBody,
  UpdateActionBody,
} from '../../../contracts/meetings';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';
import { attachment, fileResponse } from '../../lib/download';

const tags = ['meetings'];

export async function meetingRoutes(app: ZodApp, { services }: ModuleOptions) {
  const meetings = services.meetings;
  const calendar = services.calendar;
  const inbox = services.inbox;

  app.post(
    '/engagements/:id/meeting-series',
    {
      schema: {
        tags,
        summary: 'Start a meeting series: recurrence in the organiser’s time zone, attendees from both sides',
        params: IdParams,
        body: CreateMeetingSeriesBody,
        response: { 201: MeetingSeries },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await meetings.createSeries(actorOf(request), request.params.id, request.body)),
  );
  app.get(
    '/engagements/:id/meeting-series',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'The meeting series of an engagement',
        params: IdParams,
        response: { 200: z.object({ items: z.array(MeetingSeries) }) },
      },
    },
    async (request) => meetings.listSeries(actorOf(request), request.params.id),
  );
  app.get(
    '/meeting-series/:id',
    {
      config: { vendor: 'same' },
      schema: { tags, summary: 'A meeting series', params: IdParams, response: { 200: MeetingSeries } },
    },
    async (request) => meetings.getSeries(actorOf(request), request.params.id),
  );
  app.get(
    '/meeting-series/:id/occurrences',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary:
          'The meetings of a series between two dates (at most 400 days), with agenda, minutes, actions and holiday clashes',
        params: IdParams,
        querystring: OccurrencesQuery,
        response: { 200: MeetingOccurrences },
      },
    },
    async (request) => meetings.occurrences(actorOf(request), request.params.id, request.query),
  );
  app.get(
    '/meetings/:id',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'One meeting, by `<seriesId>@<date>`',
        params: MeetingParams,
        response: { 200: Meeting },
      },
    },
    async (request) => meetings.getMeeting(actorOf(request), request.params.id),
  );
  app.put(
    '/meetings/:id',
    {
      schema: {
        tags,
        summary: 'Write a meeting’s agenda and minutes (Markdown, rendered without raw HTML)',
        params: MeetingParams,
        body: PutMeetingBody,
        response: { 200: Meeting },
      },
    },
    async (request) => meetings.putMeeting(actorOf(request), request.params.id, request.body),
  );
  app.post(
    '/meetings/:id/actions',
    {
      schema: {
        tags,
        summary: 'Add an action item to a meeting: owner (internal user or vendor contact), due date',
        params: MeetingParams,
        body: CreateActionBody,
        response: { 201: ActionItem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await meetings.addAction(actorOf(request), request.params.id, request.body)),
  );
  app.patch(
    '/action-items/:id',
    {
      schema: {
        tags,
        summary: 'Change an action item: title, owner, due date, or status open/done',
        params: IdParams,
        body: UpdateActionBody,
        response: { 200: ActionItem },
      },
    },
    async (request) => meetings.updateAction(actorOf(request), request.params.id, request.body),
  );
  app.get(
    '/action-items',
    {
      config: { vendor: 'same' },
      schema: {
        tags,
        summary: 'A task list: the action items an owner has (owner=me by default), soonest due first',
        querystring: ActionListQuery,
        response: { 200: z.object({ items: z.array(ActionItem) }) },
      },
    },
    async (request) => meetings.listActions(actorOf(request), request.query),
  );

  app.post(
    '/calendar/token',
    {
      config: { sessionOnly: true, vendor: 'same' },
      schema: {
        tags,
        summary: 'Create or regenerate your secret calendar feed address (the old one stops working)',
        response: { 201: CalendarToken },
      },
    },
    async (request, reply) => reply.status(201).send(await calendar.createToken(actorOf(request))),
  );
  app.delete(
    '/calendar/token',
    {
      config: { sessionOnly: true },
      schema: { tags, summary: 'Turn your calendar feed off', response: { 204: z.undefined() } },
    },
    async (request, reply) => {
      await calendar.revokeToken(actorOf(request));
      return reply.status(204).send();
    },
  );
  app.get(
    '/calendar/:file',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Your calendar (RFC 5545) at `<token>.ics`: meetings, due dates, certificate expiries, renewals',
        params: z.object({ file: z.string().max(200) }),
        response: {
          200: fileResponse('The calendar', { 'text/calendar': { schema: z.string() } }),
        },
      },
    },
    async (request, reply) => {
      const body = await calendar.feed(request.params.file);
      return reply
        .type('text/calendar; charset=utf-8')
        .header('Cache-Control', 'private, max-age=300')
        .header('Content-Disposition', attachment('outpost.ics'))
        .serializer((v: unknown) => v as string)
        .send(body);
    },
  );

  app.get(
    '/inbox',
    {
      config: { vendor: 'same' },
      schema: {
        tags: ['messaging'],
        summary: 'Your threads across engagements and vendors, latest activity first, with unread counts',
        querystring: InboxQuery,
        response: { 200: Inbox },
      },
    },
    async (request) => inbox.list(actorOf(request), request.query.limit),
  );
}
