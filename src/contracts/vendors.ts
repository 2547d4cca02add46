import { z } from 'zod';
import { Country, Email, Instant, idOf, Language, ListQuery, Name, TimeZone } from './common';
import { Lei } from './dora';
import { PlannerHours, Weekday } from './planner';
import { CRITICALITIES, VENDOR_SORTS, VENDOR_STATUSES } from './vendor-values';

export const VendorStatus = z.enum(VENDOR_STATUSES);
export type VendorStatus = z.infer<typeof VendorStatus>;
export const Criticality = z.enum(CRITICALITIES);
export type Criticality = z.infer<typeof Criticality>;

const Url = z
  .string()
  .trim()
  .max(500)
  .refine((v) => /^https?:\/\/[^\s/]+\.[^\s]+$/i.test(v), { message: 'must be an http(s) URL' });
const Tag = z.string().trim().min(1).max(60);
const Phone = z
  .string()
  .trim()
  .max(40)
  .regex(/^\+?[0-9 ().-]{4,}$/, { message: 'must be a phone number (digits, spaces, + ( ) . -)' });

export const Contact = z
  .object({
    id: idOf('vct'),
    vendorId: idOf('vnd'),
    name: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    role: z.string().nullable(),
    timezone: z.string().nullable(),
  })
  .meta({ id: 'VendorContact' });
export const ContactBody = z.strictObject({
  name: Name,
  email: Email.nullable().optional(),
  phone: Phone.nullable().optional(),
  role: z.string().trim().max(100).nullable().optional(),
  timezone: TimeZone.nullable().optional(),
});
export const ContactPatch = ContactBody.partial();
export const ContactParams = z.object({ id: z.string().max(64), contactId: z.string().max(64) });

/**
 * A delivery site of a vendor: where part of its work is done, with the site's own time zone,
 * work week, hours and (optionally) which of the vendor's holiday calendars it keeps — without
 * one, the national data of the site's country and region.
 */
export const VendorSite = z
  .object({
    id: idOf('vst'),
    vendorId: idOf('vnd'),
    name: z.string(),
    country: z.string(),
    region: z.string().nullable(),
    timezone: z.string(),
    workdays: z.array(Weekday),
    hours: z.object({ start: z.string(), end: z.string() }),
    /** One of the vendor's holiday calendars; null: the national data of the site's country. */
    calendarId: z.string().nullable(),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'VendorSite' });
export type VendorSite = z.infer<typeof VendorSite>;
const SiteFields = {
  name: Name,
  country: Country,
  /** A region (state, province) of the country known to the holiday data, e.g. "MH" for Maharashtra. */
  region: z.string().trim().min(1).max(10).nullable().optional(),
  timezone: TimeZone,
  workdays: z
    .array(Weekday)
    .min(1, { message: 'must name at least one working day' })
    .max(7)
    .refine((d) => new Set(d).size === d.length, { message: 'must not repeat a day' }),
  hours: PlannerHours,
  calendarId: z.string().trim().min(1).max(64).nullable().optional(),
};
export const SiteBody = z.strictObject(SiteFields);
export type SiteBody = z.infer<typeof SiteBody>;
export const SitePatch = z.strictObject(SiteFields).partial();
export type SitePatch = z.infer<typeof SitePatch>;
export const SiteParams = z.object({ id: z.string().max(64), siteId: z.string().max(64) });

export const Vendor = z
  .object({
    id: idOf('vnd'),
    name: z.string(),
    legalName: z.string().nullable(),
    country: z.string(),
    timezone: z.string(),
    languages: z.array(z.string()),
    services: z.array(z.string()),
    website: z.string().nullable(),
    status: VendorStatus,
    criticality: Criticality,
    ownerId: z.string().nullable(),
    /** ISO 17442 Legal Entity Identifier (the DORA register's B_05.01); internal. */
    lei: z.string().nullable().optional(),
    /** Internal notes; absent for vendor users. */
    notes: z.string().nullable().optional(),
    contacts: z.array(Contact).optional(),
    /** The statuses this vendor may move to next. */
    allowedTransitions: z.array(VendorStatus),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Vendor' });
export type Vendor = z.infer<typeof Vendor>;

/**
 * What a vendor user sees of its own vendor: the public profile and contacts. An allow-list, so a
 * field added to `Vendor` later stays internal; status, criticality, owner, notes and the status
 * workflow never reach a vendor user (docs/roles.md).
 */
export const VendorFacingVendor = Vendor.pick({
  id: true,
  name: true,
  legalName: true,
  country: true,
  timezone: true,
  languages: true,
  services: true,
  website: true,
  contacts: true,
  createdAt: true,
  updatedAt: true,
}).meta({ id: 'VendorFacingVendor' });
export type VendorFacingVendor = z.infer<typeof VendorFacingVendor>;

const vendorFields = {
  name: Name,
  legalName: z.string().trim().max(300).nullable().optional(),
  country: Country,
  timezone: TimeZone.optional(),
  languages: z.array(Language).max(20).optional(),
  services: z.array(Tag).max(50).optional(),
  website: Url.nullable().optional(),
  status: VendorStatus.optional(),
  criticality: Criticality.optional(),
  ownerId: idOf('usr').nullable().optional(),
  notes: z.string().max(10_000).nullable().optional(),
  /** ISO 17442 LEI, checked by its check digits; internal users only. */
  lei: Lei.nullable().optional(),
};
/** Create a vendor; the time zone defaults to the country's main zone. New vendors are prospects unless told. */
export const CreateVendorBody = z.strictObject({
  ...vendorFields,
  contacts: z.array(ContactBody).max(50).optional(),
});
export type CreateVendorBody = z.infer<typeof CreateVendorBody>;
export const UpdateVendorBody = z
  .strictObject({
    ...vendorFields,
    name: Name.optional(),
    country: Country.optional(),
    /** With `status: 'approved'`: an owner's or administrator's written reason to approve despite an incomplete diligence checklist. */
    overrideReason: z
      .string()
      .trim()
      .min(10, { message: 'must say why, in at least 10 characters' })
      .max(2000)
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type UpdateVendorBody = z.infer<typeof UpdateVendorBody>;

export const VendorListQuery = ListQuery.extend({
  q: z.string().trim().max(200).optional(),
  country: Country.optional(),
  status: VendorStatus.optional(),
  criticality: Criticality.optional(),
  sort: z.enum(VENDOR_SORTS).default('name'),
});
export type VendorListQuery = z.infer<typeof VendorListQuery>;

export const ImportResult = z.object({ created: z.number().int(), updated: z.number().int() });
