import type { Migration } from 'kysely';
import * as foundation from './2026-11-28T2100-foundation';
import * as engagements from './2026-11-28T2300-engagements';
import * as businessCases from './2026-11-29T0100-business-cases';
import * as quality from './2026-11-29T0200-quality';
import * as qualityReviews from './2026-11-29T0300-quality-reviews';
import * as diligence from './2026-11-29T0400-diligence';
import * as communicate from './2026-11-29T0500-communicate';
import * as eventBus from './2026-11-30T0000-event-bus';
import * as notificationDelivery from './2026-11-30T0100-notification-delivery';
import * as webhooks from './2026-11-30T0200-webhooks';
import * as dataSharing from './2026-11-30T0300-data-sharing';
import * as assurance from './2026-11-30T0400-assurance';
import * as privacy from './2026-11-30T0500-privacy';
import * as risks from './2026-11-30T0600-risks';
import * as spend from './2026-11-30T0700-spend';
import * as operate from './2026-11-30T0800-operate';
import * as sourcing from './2026-11-30T0900-sourcing';
import * as meetings from './2026-11-30T1000-meetings';
import * as questionnaires from './2026-11-30T1100-questionnaires';
import * as directMail from './2026-11-30T1200-direct-mail';
import * as mailAttachments from './2026-12-01T0000-mail-attachments';
import * as auditCheckpoints from './2026-12-07T2000-audit-checkpoints';
import * as holidayCalendars from './2026-12-07T2000-holiday-calendars';
import * as oneApprovedSow from './2026-12-07T2000-one-approved-sow';
import * as tokenScopes from './2026-12-07T2000-token-scopes';
import * as vendorSites from './2026-12-07T2200-vendor-sites';
import * as tokenExpiry from './2026-12-08T0010-token-expiry';
import * as singleSignOn from './2026-12-08T0020-single-sign-on';
import * as doraRegister from './2026-12-08T0030-dora-register';
import * as sanctionsScreening from './2026-12-08T0040-sanctions-screening';

/**
 * Every migration, by its date-named file. Listed statically so that bundlers and tsx agree;
 * add a new file here as well. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T2100-foundation': foundation,
  '2026-11-28T2300-engagements': engagements,
  '2026-11-29T0100-business-cases': businessCases,
  '2026-11-29T0200-quality': quality,
  '2026-11-29T0300-quality-reviews': qualityReviews,
  '2026-11-29T0400-diligence': diligence,
  '2026-11-29T0500-communicate': communicate,
  '2026-11-30T0000-event-bus': eventBus,
  '2026-11-30T0100-notification-delivery': notificationDelivery,
  '2026-11-30T0200-webhooks': webhooks,
  '2026-11-30T0300-data-sharing': dataSharing,
  '2026-11-30T0400-assurance': assurance,
  '2026-11-30T0500-privacy': privacy,
  '2026-11-30T0600-risks': risks,
  '2026-11-30T0700-spend': spend,
  '2026-11-30T0800-operate': operate,
  '2026-11-30T0900-sourcing': sourcing,
  '2026-11-30T1000-meetings': meetings,
  '2026-11-30T1100-questionnaires': questionnaires,
  '2026-11-30T1200-direct-mail': directMail,
  '2026-12-01T0000-mail-attachments': mailAttachments,
  '2026-12-07T2000-audit-checkpoints': auditCheckpoints,
  '2026-12-07T2000-holiday-calendars': holidayCalendars,
  '2026-12-07T2000-one-approved-sow': oneApprovedSow,
  '2026-12-07T2000-token-scopes': tokenScopes,
  '2026-12-07T2200-vendor-sites': vendorSites,
  '2026-12-08T0010-token-expiry': tokenExpiry,
  '2026-12-08T0020-single-sign-on': singleSignOn,
  '2026-12-08T0030-dora-register': doraRegister,
  '2026-12-08T0040-sanctions-screening': sanctionsScreening,
};
