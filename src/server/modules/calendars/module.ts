/** Holiday calendars as the composition root (services.ts) makes them. */
import { type CalendarDeps, createCalendarService } from './service';

export const createCalendarsModule = (deps: CalendarDeps) => createCalendarService(deps);
