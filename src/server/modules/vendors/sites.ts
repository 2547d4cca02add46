/**
 * A vendor's delivery sites: kept by internal writers and by the vendor's own users (scoped: a
 * vendor user reaches only their vendor, another vendor's sites answer 404), audited on the vendor.
 */
import type { Weekday } from '../../../contracts/planner';
import type { SiteBody, VendorSite as SiteDto, SitePatch } from '../../../contracts/vendors';
import type { Database, Executor } from '../../db/database';
import { fromJson, toJson } from '../../db/database';
import type { VendorSite } from '../../db/schema';
import { type FieldError, invalid, notFound } from '../../errors';
import type { Clock } from '../../lib/clock';
import { newId } from '../../lib/ids';
import { type Actor, authorize } from '../../policy';
import { diff } from '../audit/rules';
import type { AuditRecorder } from '../audit/service';
import { isKnownRegion } from '../calendars/rules';
import * as repo from './repository';

export interface SiteDeps {
  db: Database['db'];
  audit: AuditRecorder;
  clock: Clock;
  /** Whose a holiday calendar is: a vendor id, null for the organisation's, undefined when there is none. */
  calendarOwner: (tx: Executor, calendarId: string) => Promise<string | null | undefined>;
}

export const toSiteDto = (s: VendorSite): SiteDto => ({
  id: s.id,
  vendorId: s.vendorId,
  name: s.name,
  country: s.country,
  region: s.region,
  timezone: s.timezone,
  workdays: fromJson<Weekday[]>(s.workdays, []),
  hours: { start: s.hoursStart, end: s.hoursEnd },
  calendarId: s.calendarId,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

export function createSiteService({ db, audit, clock, calendarOwner }: SiteDeps) {
  const now = () => clock.now().toISOString();

  /** The vendor as the actor's scope sees it; 404 otherwise (another vendor's, or none). */
  async function vendorIn(
    tx: Executor,
    actor: Actor,
    action: 'read' | 'create' | 'update' | 'delete',
    id: string,
  ) {
    const scope = authorize(actor, 'vendorSite', action);
    const vendor = await repo.find(tx, scope, id);
    if (!vendor) throw notFound('vendor');
    return vendor;
  }

  /** What the body alone cannot check: the region of the country, and a calendar of this vendor. */
  async function check(tx: Executor, vendorId: string, s: VendorSite) {
    const errors: FieldError[] = [];
    if (s.region && !isKnownRegion(s.country, s.region))
      errors.push({ field: 'region', message: `is not a region of ${s.country} known to the holiday data` });
    if (s.calendarId && (await calendarOwner(tx, s.calendarId)) !== vendorId)
      errors.push({ field: 'calendarId', message: 'must be one of this vendor’s holiday calendars' });
    if (errors.length) throw invalid(errors);
  }

  return {
    async list(actor: Actor, vendorId: string) {
      await vendorIn(db, actor, 'read', vendorId);
      return (await repo.sitesOf(db, vendorId)).map(toSiteDto);
    },

    async create(actor: Actor, vendorId: string, body: SiteBody) {
      return db.transaction().execute(async (tx) => {
        await vendorIn(tx, actor, 'create', vendorId);
        const at = now();
        const row: VendorSite = {
          id: newId('vst'),
          vendorId,
          name: body.name,
          country: body.country,
          region: body.region ? body.region.toUpperCase() : null,
          timezone: body.timezone,
          workdays: toJson(body.workdays),
          hoursStart: body.hours.start,
          hoursEnd: body.hours.end,
          calendarId: body.calendarId ?? null,
          createdAt: at,
          updatedAt: at,
        };
        await check(tx, vendorId, row);
        await repo.insertSite(tx, row);
        const { createdAt: _a, updatedAt: _b, ...fields } = toSiteDto(row);
        await audit.record(tx, actor, {
          action: 'vendor.site.create',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(null, fields),
        });
        return toSiteDto(row);
      });
    },

    async update(actor: Actor, vendorId: string, siteId: string, body: SitePatch) {
      return db.transaction().execute(async (tx) => {
        await vendorIn(tx, actor, 'update', vendorId);
        const site = await repo.findSite(tx, vendorId, siteId);
        if (!site) throw notFound('site');
        const next: VendorSite = {
          ...site,
          ...(body.name !== undefined ? { name: body.name } : {}),
          ...(body.country !== undefined ? { country: body.country } : {}),
          ...(body.region !== undefined ? { region: body.region ? body.region.toUpperCase() : null } : {}),
          ...(body.timezone !== undefined ? { timezone: body.timezone } : {}),
          ...(body.workdays !== undefined ? { workdays: toJson(body.workdays) } : {}),
          ...(body.hours !== undefined ? { hoursStart: body.hours.start, hoursEnd: body.hours.end } : {}),
          ...(body.calendarId !== undefined ? { calendarId: body.calendarId } : {}),
          updatedAt: now(),
        };
        await check(tx, vendorId, next);
        await repo.updateSite(tx, siteId, next);
        const { updatedAt: _a, ...before } = toSiteDto(site);
        const { updatedAt: _b, ...after } = toSiteDto(next);
        await audit.record(tx, actor, {
          action: 'vendor.site.update',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(before, after),
        });
        return toSiteDto(next);
      });
    },

    async remove(actor: Actor, vendorId: string, siteId: string) {
      await db.transaction().execute(async (tx) => {
        await vendorIn(tx, actor, 'delete', vendorId);
        const site = await repo.findSite(tx, vendorId, siteId);
        if (!site) throw notFound('site');
        await repo.removeSite(tx, siteId);
        await audit.record(tx, actor, {
          action: 'vendor.site.delete',
          entityType: 'vendor',
          entityId: vendorId,
          changes: diff(toSiteDto(site), null),
        });
      });
    },
  };
}
