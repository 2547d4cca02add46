import { z } from 'zod';
import {
  CreateHolidayCalendarBody,
  DayParams,
  HolidayCalendar,
  HolidayCalendarDay,
  HolidayCalendarListQuery,
  HolidayCalendarPage,
  HolidayImportResult,
  HolidayYear,
  HolidayYearQuery,
  ImportHolidaysQuery,
  PutHolidayDayBody,
  UpdateHolidayCalendarBody,
} from '../../../contracts/calendars';
import { IdParams } from '../../../contracts/common';
import { actorOf, type ModuleOptions, type ZodApp } from '../../http';

const tags = ['calendars'];
/** An iCalendar file or CSV of a few years of holidays is small. */
const IMPORT_LIMIT = 2 * 1024 * 1024;

/** A vendor user reaches only its own vendor's calendars, which hold nothing internal. */
const config = { vendor: 'same' as const };

export async function calendarRoutes(app: ZodApp, { services }: ModuleOptions) {
  const calendars = services.calendars;
  app.get(
    '/holiday-calendars',
    {
      config,
      schema: {
        tags,
        summary: 'Holiday calendars of the organisation and of vendors (a vendor user: their own vendor’s)',
        querystring: HolidayCalendarListQuery,
        response: { 200: HolidayCalendarPage },
      },
    },
    async (request) => calendars.list(actorOf(request), request.query),
  );
  app.post(
    '/holiday-calendars',
    {
      config,
      schema: {
        tags,
        summary: 'Make a holiday calendar: national data of a country (and region), adjusted by its days',
        body: CreateHolidayCalendarBody,
        response: { 201: HolidayCalendar },
      },
    },
    async (request, reply) => reply.code(201).send(await calendars.create(actorOf(request), request.body)),
  );
  app.get(
    '/holiday-calendars/:id',
    {
      config,
      schema: { tags, summary: 'One holiday calendar', params: IdParams, response: { 200: HolidayCalendar } },
    },
    async (request) => calendars.get(actorOf(request), request.params.id),
  );
  app.patch(
    '/holiday-calendars/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Rename a holiday calendar or change its country and region',
        params: IdParams,
        body: UpdateHolidayCalendarBody,
        response: { 200: HolidayCalendar },
      },
    },
    async (request) => calendars.update(actorOf(request), request.params.id, request.body),
  );
  app.delete(
    '/holiday-calendars/:id',
    {
      config,
      schema: {
        tags,
        summary: 'Delete a holiday calendar and its days',
        params: IdParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await calendars.remove(actorOf(request), request.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    '/holiday-calendars/:id/days',
    {
      config,
      schema: {
        tags,
        summary: 'The days off of one year: national ones (marked when worked) and the calendar’s own',
        params: IdParams,
        querystring: HolidayYearQuery,
        response: { 200: HolidayYear },
      },
    },
    async (request) => calendars.year(actorOf(request), request.params.id, request.query.year),
  );
  app.put(
    '/holiday-calendars/:id/days/:date',
    {
      config,
      schema: {
        tags,
        summary: 'Add a day off, or remove a national holiday the site works on, by hand',
        params: DayParams,
        body: PutHolidayDayBody,
        response: { 200: HolidayCalendarDay },
      },
    },
    async (request) =>
      calendars.putDay(actorOf(request), request.params.id, request.params.date, request.body),
  );
  app.delete(
    '/holiday-calendars/:id/days/:date',
    {
      config,
      schema: {
        tags,
        summary: 'Take a day’s adjustment back (the date is as the national data has it)',
        params: DayParams,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await calendars.deleteDay(actorOf(request), request.params.id, request.params.date);
      return reply.status(204).send();
    },
  );
  // Calendar bodies arrive as text; only the import route accepts them.
  await app.register(async (files: ZodApp) => {
    files.addContentTypeParser(
      ['text/calendar', 'text/csv'],
      { parseAs: 'string', bodyLimit: IMPORT_LIMIT },
      (_req, body, done) => done(null, body),
    );
    files.post(
      '/holiday-calendars/:id/import',
      {
        config,
        schema: {
          tags,
          summary:
            'Import days from an iCalendar file (text/calendar) or CSV (text/csv: date,name[,kind]), all or nothing',
          consumes: ['text/calendar', 'text/csv'],
          params: IdParams,
          querystring: ImportHolidaysQuery,
          body: z.string().meta({ description: 'the iCalendar file or the CSV' }),
          response: { 200: HolidayImportResult },
        },
      },
      async (request) =>
        calendars.importFile(
          actorOf(request),
          request.params.id,
          String(request.headers['content-type'] ?? ''),
          request.body,
          request.query.years,
        ),
    );
  });
}
