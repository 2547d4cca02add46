/**
 * Sanctions and watch-list screening: the official lists (uploaded or fetched on a schedule, each
 * load a version with the file's own publication date), the settings (match threshold, fetch
 * schedules), the hits to review and a vendor's screening status.
 */
import { z } from 'zod';
import { Instant, ListQuery } from './common';

export const LIST_SOURCES = ['ofac_sdn', 'eu', 'un', 'uk'] as const;
export const ListSource = z.enum(LIST_SOURCES);
export type ListSource = z.infer<typeof ListSource>;

/** The official file formats: OFAC's sdn.csv (with alt.csv and add.csv), the EU list as XML or CSV, the UN list as XML, the UK list as CSV. */
export const LIST_FORMATS = ['ofac_csv', 'eu_xml', 'eu_csv', 'un_xml', 'uk_csv'] as const;
export const ListFormat = z.enum(LIST_FORMATS);
export type ListFormat = z.infer<typeof ListFormat>;

/** Which formats each source takes. */
export const SOURCE_FORMATS: Record<ListSource, readonly ListFormat[]> = {
  ofac_sdn: ['ofac_csv'],
  eu: ['eu_xml', 'eu_csv'],
  un: ['un_xml'],
  uk: ['uk_csv'],
};

export const SOURCE_LABELS: Record<ListSource, string> = {
  ofac_sdn: 'US OFAC SDN list',
  eu: 'EU consolidated financial sanctions list',
  un: 'UN Security Council consolidated list',
  uk: 'UK consolidated list (OFSI)',
};

export const ENTRY_KINDS = ['individual', 'entity', 'vessel', 'aircraft', 'other'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

const DateOnly = z.string().regex(/^\d{4}-\d\d-\d\d$/, { message: 'must be a date YYYY-MM-DD' });

/** Up to 64 MB of text per file: the EU XML is about 25 MB. */
const FileText = z.string().min(1, { message: 'is empty' });

export const LoadListBody = z.strictObject({
  format: ListFormat,
  /** `main`: sdn.csv or the one file of the other formats; `alt` and `add`: OFAC's alt.csv and add.csv. */
  files: z.strictObject({
    main: FileText,
    alt: FileText.optional(),
    add: FileText.optional(),
  }),
  /** The file names as uploaded, for the version's record. */
  fileNames: z.array(z.string().max(200)).max(3).optional(),
  /** Required for OFAC's CSV files, which carry no date of their own. */
  publishedOn: DateOnly.optional(),
});
export type LoadListBody = z.infer<typeof LoadListBody>;

export const ListVersion = z.object({
  id: z.string(),
  source: ListSource,
  format: ListFormat,
  publishedAt: z.string(),
  loadedAt: Instant,
  loadedBy: z.string(),
  via: z.enum(['upload', 'fetch']),
  fileNames: z.array(z.string()),
  sha256: z.string(),
  entryCount: z.number().int(),
  current: z.boolean(),
});
export type ListVersion = z.infer<typeof ListVersion>;

export const LoadResult = z.object({
  version: ListVersion,
  /** Vendors screened against the new version, and the hits raised. */
  screened: z.object({ vendors: z.number().int(), newHits: z.number().int() }),
});
export type LoadResult = z.infer<typeof LoadResult>;

export const VersionListQuery = ListQuery.extend({ source: ListSource.optional() });

const HttpUrl = z
  .string()
  .max(2000)
  .refine((v) => /^https?:\/\//.test(v) && URL.canParse(v), { message: 'must be an http or https URL' });

export const ListSchedule = z.strictObject({
  enabled: z.boolean(),
  format: ListFormat,
  url: HttpUrl.nullable(),
  /** OFAC only: where alt.csv and add.csv are fetched. */
  altUrl: HttpUrl.nullable().default(null),
  addUrl: HttpUrl.nullable().default(null),
  everyHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 31),
});
export type ListSchedule = z.infer<typeof ListSchedule>;

export const ScreeningSettings = z
  .strictObject({
    /** Scores at or above it become hits (0.70–1.00). */
    threshold: z.number().min(0.7).max(1),
    schedules: z.strictObject({
      ofac_sdn: ListSchedule,
      eu: ListSchedule,
      un: ListSchedule,
      uk: ListSchedule,
    }),
  })
  .superRefine((s, ctx) => {
    for (const source of LIST_SOURCES) {
      const sch = s.schedules[source];
      if (!SOURCE_FORMATS[source].includes(sch.format))
        ctx.addIssue({
          code: 'custom',
          path: ['schedules', source, 'format'],
          message: `must be one of ${SOURCE_FORMATS[source].join(', ')}`,
        });
      if (sch.enabled && !sch.url)
        ctx.addIssue({ code: 'custom', path: ['schedules', source, 'url'], message: 'is required to fetch' });
    }
  });
export type ScreeningSettings = z.infer<typeof ScreeningSettings>;

/** A source, its current version, its schedule and its last fetch. */
export const ListOverview = z.object({
  source: ListSource,
  label: z.string(),
  current: ListVersion.nullable(),
  schedule: ListSchedule,
  lastFetch: z.object({ attemptedAt: Instant, error: z.string().nullable() }).nullable(),
});
export const ListsOverview = z.object({
  threshold: z.number(),
  lists: z.array(ListOverview),
});
export type ListsOverview = z.infer<typeof ListsOverview>;

export const SUBJECT_TYPES = ['vendor', 'legal_name', 'alias', 'contact', 'sub_processor'] as const;
export const SubjectType = z.enum(SUBJECT_TYPES);
export type SubjectType = z.infer<typeof SubjectType>;

export const HIT_STATUSES = ['open', 'true_match', 'false_positive', 'cleared'] as const;
export const HitStatus = z.enum(HIT_STATUSES);
export type HitStatus = z.infer<typeof HitStatus>;

/** A list entry as the hit saw it. */
export const ListEntry = z.object({
  source: ListSource,
  ref: z.string(),
  kind: z.enum(ENTRY_KINDS),
  names: z.array(z.string()),
  countries: z.array(z.string()),
  identifiers: z.array(z.string()),
  programs: z.array(z.string()),
  remarks: z.string().nullable(),
  publishedAt: z.string(),
});
export type ListEntry = z.infer<typeof ListEntry>;

export const Hit = z.object({
  id: z.string(),
  vendorId: z.string(),
  vendorName: z.string(),
  subjectType: SubjectType,
  subjectName: z.string(),
  subjectCountry: z.string().nullable(),
  entry: ListEntry,
  matchedName: z.string(),
  score: z.number(),
  status: HitStatus,
  reason: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: Instant.nullable(),
  createdAt: Instant,
  updatedAt: Instant,
});
export type Hit = z.infer<typeof Hit>;

export const HitListQuery = ListQuery.extend({
  status: HitStatus.optional(),
  vendorId: z.string().max(64).optional(),
});

export const DecideHitBody = z.strictObject({
  decision: z.enum(['true_match', 'false_positive']),
  reason: z.string().trim().min(1, { message: 'is required' }).max(2000),
});
export type DecideHitBody = z.infer<typeof DecideHitBody>;

export const VendorScreening = z.object({
  vendorId: z.string(),
  /** `blocked`: a true match holds the vendor; `review`: hits wait for a decision. */
  status: z.enum(['not_screened', 'clear', 'review', 'blocked']),
  screenedAt: Instant.nullable(),
  openHits: z.number().int(),
  trueMatches: z.number().int(),
  aliases: z.array(z.string()),
});
export type VendorScreening = z.infer<typeof VendorScreening>;

export const PutAliasesBody = z.strictObject({
  aliases: z
    .array(z.string().trim().min(1, { message: 'is required' }).max(200))
    .max(50)
    .refine((a) => new Set(a.map((x) => x.toLowerCase())).size === a.length, {
      message: 'must not repeat a name',
    }),
});
