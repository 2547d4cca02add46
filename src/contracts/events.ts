/** The event bus's event types: what notification preferences and webhooks subscribe to. */
import { z } from 'zod';
import type { Granularity, MeasurementSource, SlaKpiResult } from './quality';

/**
 * Every event type the application publishes. A capability that publishes a new type adds it
 * here, so notification preferences and webhook registrations can name it.
 */
export const EVENT_TYPES = [
  'vendor.status_changed',
  'certification.expiring',
  'certification.expired',
  'assessment.sent',
  'assessment.submitted',
  'deliverable.submitted',
  'change_request.submitted',
  'message.created',
  'sla.breached',
  'finding.overdue',
  'access_review.overdue',
  'renewal.due',
  'risk.signal_opened',
  'risk.signal_closed',
  'holiday_calendar.next_year_missing',
  'scorecard.published',
  'scorecard.disputed',
] as const;

export const EventType = z.enum(EVENT_TYPES).meta({ id: 'EventType' });
export type EventType = z.infer<typeof EventType>;

/**
 * The payload of `sla.breached`: one KPI missed its target in a closed period (raised once, when
 * the period closes or a re-closed one newly misses it). Webhooks deliver it as is.
 */
export type SlaBreachedPayload = Pick<SlaKpiResult, 'kpiId' | 'name' | 'actual' | 'target' | 'creditPct'> & {
  period: string;
  granularity: Granularity;
  source: MeasurementSource;
};
