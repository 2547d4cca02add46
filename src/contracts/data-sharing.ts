/**
 * Data sharing: the register of what data goes to which vendor and where (per engagement), the
 * agreements on file, the vendor's risk tier and the settings that set it.
 */
import { z } from 'zod';
import { Country, CsvBom, Instant, idOf } from './common';
import { Lei } from './dora';
import { DateOnly } from './engagements';
import { CRITICALITIES } from './vendor-values';
import { Criticality } from './vendors';

export const DATA_CATEGORIES = [
  'personal_basic',
  'personal_sensitive',
  'financial',
  'payment_card',
  'credentials',
  'intellectual_property',
  'customer_content',
] as const;
export const DataCategory = z.enum(DATA_CATEGORIES);
export type DataCategory = z.infer<typeof DataCategory>;
export const CATEGORY_LABELS: Record<DataCategory, string> = {
  personal_basic: 'Personal (basic)',
  personal_sensitive: 'Personal (sensitive: health, biometric…)',
  financial: 'Financial',
  payment_card: 'Payment card',
  credentials: 'Credentials and secrets',
  intellectual_property: 'Intellectual property',
  customer_content: 'Customer content',
};
/** The categories that make a vendor a processor of personal data (a DPA is then expected). */
export const PERSONAL_CATEGORIES: readonly DataCategory[] = ['personal_basic', 'personal_sensitive'];

/** Lowest to highest. */
export const CLASSIFICATIONS = ['public', 'internal', 'confidential', 'restricted'] as const;
export const Classification = z.enum(CLASSIFICATIONS);
export type Classification = z.infer<typeof Classification>;

export const TRANSFER_MECHANISMS = ['adequacy', 'scc', 'bcr', 'none'] as const;
export const TransferMechanism = z.enum(TRANSFER_MECHANISMS);
export type TransferMechanism = z.infer<typeof TransferMechanism>;

/** GDPR article 6 lawful bases. */
export const LEGAL_BASES = [
  'consent',
  'contract',
  'legal_obligation',
  'vital_interests',
  'public_task',
  'legitimate_interests',
] as const;
export const LegalBasis = z.enum(LEGAL_BASES);

export const EXIT_ACTIONS = ['return', 'delete', 'return_and_delete'] as const;
/** What happens to the data when the engagement ends, and whether the vendor certifies it. */
export const ExitHandling = z.strictObject({
  action: z.enum(EXIT_ACTIONS),
  certificate: z.boolean().default(false),
});

/** ISO 8601 duration with at least one component, such as P7Y, P18M or P1Y6M. */
export const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
export const Retention = z
  .string()
  .trim()
  .regex(ISO_DURATION, { message: 'must be an ISO 8601 duration, such as P7Y or P18M' })
  .meta({ example: 'P7Y' });

const Text = (max: number) => z.string().trim().min(1, { message: 'is required' }).max(max);

export const SubProcessor = z.strictObject({
  name: Text(200),
  country: Country,
  purpose: Text(500),
  /** ISO 17442 LEI of the sub-processor (DORA register, B_05.01 and B_05.02). */
  lei: Lei.nullable().default(null),
  /**
   * Its rank in the ICT service supply chain (Article 2 of Regulation (EU) 2024/2956): 2 for a
   * subcontractor of the vendor, 3 for one of a rank-2 subcontractor, and so on.
   */
  rank: z.number().int().min(2).max(20).default(2),
});

export const FLAG_CODES = ['cross_border_without_mechanism', 'restricted_without_encryption'] as const;
export const Flag = z.object({
  code: z.enum([...FLAG_CODES, 'dpa_missing']),
  message: z.string(),
  /** The countries a cross-border flag is about. */
  countries: z.array(z.string()).optional(),
});
export type Flag = z.infer<typeof Flag>;

const unique = <T>(a: T[]) => new Set(a).size === a.length;
const entryFields = {
  categories: z
    .array(DataCategory)
    .min(1, { message: 'must name at least one category' })
    .max(DATA_CATEGORIES.length)
    .refine(unique, { message: 'must not repeat a category' }),
  classification: Classification,
  dataSubjects: z.array(Text(100)).min(1, { message: 'must name at least one kind of person' }).max(20),
  recordVolume: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  purpose: Text(2000),
  processingCountries: z.array(Country).min(1, { message: 'must name at least one country' }).max(60),
  storageCountries: z.array(Country).min(1, { message: 'must name at least one country' }).max(60),
  subProcessors: z.array(SubProcessor).max(50).default([]),
  transferMechanism: TransferMechanism,
  legalBasis: LegalBasis,
  retention: Retention,
  exitHandling: ExitHandling,
  /** The vendor commits to encrypt this data at rest (until the questionnaire module feeds it). */
  encryptionAtRest: z.boolean().default(false),
  /** The vendor commits to encrypt this data in transit. */
  encryptionInTransit: z.boolean().default(false),
};

export const DataFlowBody = z.strictObject(entryFields);
export type DataFlowBody = z.infer<typeof DataFlowBody>;
export const DataFlowPatch = z
  .strictObject({
    ...entryFields,
    subProcessors: z.array(SubProcessor).max(50),
    exitHandling: z.strictObject({ action: z.enum(EXIT_ACTIONS), certificate: z.boolean() }),
    encryptionAtRest: z.boolean(),
    encryptionInTransit: z.boolean(),
  })
  .partial()
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type DataFlowPatch = z.infer<typeof DataFlowPatch>;

/** A register entry with its computed flags. */
export const DataFlow = z
  .object({
    id: idOf('dfl'),
    engagementId: z.string(),
    engagementTitle: z.string(),
    vendorId: z.string(),
    vendorName: z.string(),
    categories: z.array(DataCategory),
    classification: Classification,
    dataSubjects: z.array(z.string()),
    recordVolume: z.number().int(),
    purpose: z.string(),
    processingCountries: z.array(z.string()),
    storageCountries: z.array(z.string()),
    subProcessors: z.array(
      z.object({
        name: z.string(),
        country: z.string(),
        purpose: z.string(),
        lei: z.string().nullable(),
        rank: z.number().int(),
      }),
    ),
    transferMechanism: TransferMechanism,
    legalBasis: LegalBasis,
    retention: z.string(),
    exitHandling: z.object({ action: z.enum(EXIT_ACTIONS), certificate: z.boolean() }),
    encryptionAtRest: z.boolean(),
    encryptionInTransit: z.boolean(),
    flags: z.array(Flag),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'DataFlow' });
export type DataFlow = z.infer<typeof DataFlow>;

export const ExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('json'),
  vendorId: z.string().max(64).optional(),
  bom: CsvBom,
});

// Agreements

export const AGREEMENT_TYPES = ['dpa', 'nda', 'msa', 'baa'] as const;
export const AgreementType = z.enum(AGREEMENT_TYPES);
export type AgreementType = z.infer<typeof AgreementType>;
export const AGREEMENT_LABELS: Record<AgreementType, string> = {
  dpa: 'Data processing agreement',
  nda: 'Non-disclosure agreement',
  msa: 'Master services agreement',
  baa: 'Business associate agreement',
};

export const Agreement = z
  .object({
    id: idOf('agr'),
    vendorId: z.string(),
    type: AgreementType,
    title: z.string().nullable(),
    documentFileId: z.string().nullable(),
    signedOn: z.string(),
    expiresOn: z.string().nullable(),
    reviewOn: z.string().nullable(),
    dataFlowIds: z.array(z.string()),
    /** `current` from the signing date through the expiry date; `expired` after; `pending` before signing. */
    status: z.enum(['pending', 'current', 'expired']),
    createdAt: Instant,
    updatedAt: Instant,
  })
  .meta({ id: 'Agreement' });
export type Agreement = z.infer<typeof Agreement>;

const agreementFields = {
  type: AgreementType,
  title: z.string().trim().max(200).nullable().optional(),
  documentFileId: idOf('fil').nullable().optional(),
  signedOn: DateOnly,
  expiresOn: DateOnly.nullable().optional(),
  reviewOn: DateOnly.nullable().optional(),
  dataFlowIds: z
    .array(idOf('dfl'))
    .max(200)
    .refine(unique, { message: 'must not repeat an entry' })
    .optional(),
};
/** The dates an agreement must keep in order, whether created or patched. */
export function agreementProblems(a: {
  signedOn: string;
  expiresOn?: string | null;
  reviewOn?: string | null;
}): Array<{ field: string; message: string }> {
  const out: Array<{ field: string; message: string }> = [];
  if (a.expiresOn && a.expiresOn < a.signedOn)
    out.push({ field: 'expiresOn', message: 'must be on or after signedOn' });
  if (a.reviewOn && a.reviewOn < a.signedOn)
    out.push({ field: 'reviewOn', message: 'must be on or after signedOn' });
  return out;
}
export const AgreementBody = z.strictObject(agreementFields).superRefine((b, ctx) => {
  for (const p of agreementProblems(b)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
});
export type AgreementBody = z.infer<typeof AgreementBody>;
export const AgreementPatch = z
  .strictObject({ ...agreementFields, type: AgreementType.optional(), signedOn: DateOnly.optional() })
  .refine((b) => Object.keys(b).length > 0, { message: 'must change at least one field', path: ['body'] });
export type AgreementPatch = z.infer<typeof AgreementPatch>;
export const AgreementParams = z.object({ id: z.string().max(64), agreementId: z.string().max(64) });

// Risk tier

export const Tier = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]);
export type Tier = z.infer<typeof Tier>;
/** A vendor's highest classification, or `none` when its register is empty. */
export const HIGHEST_LEVELS = ['none', ...CLASSIFICATIONS] as const;
export type HighestLevel = (typeof HIGHEST_LEVELS)[number];

const Row = z.strictObject({ low: Tier, medium: Tier, high: Tier, critical: Tier });
export const DataSharingSettings = z
  .strictObject({
    /** Tier by the highest classification a vendor receives (rows) and its criticality (columns); 1 is the most scrutiny. */
    matrix: z.strictObject({
      none: Row,
      public: Row,
      internal: Row,
      confidential: Row,
      restricted: Row,
    }),
    /** Months between reassessments, per tier. */
    reassessmentMonths: z.strictObject({
      1: z.number().int().min(1).max(120),
      2: z.number().int().min(1).max(120),
      3: z.number().int().min(1).max(120),
      4: z.number().int().min(1).max(120),
    }),
  })
  .meta({ id: 'DataSharingSettings' });
export type DataSharingSettings = z.infer<typeof DataSharingSettings>;

/** What applies until an administrator changes it (documented in docs/protect.md). */
export const DEFAULT_DATA_SHARING_SETTINGS: DataSharingSettings = {
  matrix: {
    none: { low: 4, medium: 4, high: 3, critical: 3 },
    public: { low: 4, medium: 4, high: 3, critical: 3 },
    internal: { low: 4, medium: 3, high: 3, critical: 2 },
    confidential: { low: 3, medium: 2, high: 2, critical: 1 },
    restricted: { low: 2, medium: 2, high: 1, critical: 1 },
  },
  reassessmentMonths: { 1: 12, 2: 12, 3: 24, 4: 36 },
};

export const TierChange = z.object({
  id: z.string(),
  tier: Tier,
  previousTier: Tier.nullable(),
  highestClassification: z.enum(HIGHEST_LEVELS),
  criticality: Criticality,
  reason: z.string(),
  changedBy: z.string().nullable(),
  at: Instant,
});
export type TierChange = z.infer<typeof TierChange>;

export const VendorTier = z
  .object({
    vendorId: z.string(),
    tier: Tier,
    reassessmentMonths: z.number().int(),
    reason: z.string(),
    highestClassification: z.enum(HIGHEST_LEVELS),
    criticality: Criticality,
    /** Vendor-level flags, such as personal data without a current DPA. */
    flags: z.array(Flag),
    /** Newest first. */
    history: z.array(TierChange),
  })
  .meta({ id: 'VendorTier' });
export type VendorTier = z.infer<typeof VendorTier>;

// Organisation-wide view

export const DataProtectionOverview = z
  .object({
    restrictedVendors: z.array(
      z.object({
        vendorId: z.string(),
        vendorName: z.string(),
        tier: Tier,
        entries: z.number().int(),
        countries: z.array(z.string()),
      }),
    ),
    countries: z.array(
      z.object({
        country: z.string(),
        vendors: z.array(z.object({ id: z.string(), name: z.string() })),
        entries: z.number().int(),
        highestClassification: Classification,
        flags: z.array(z.object({ code: z.string(), count: z.number().int() })),
      }),
    ),
    missingDpa: z.array(
      z.object({ vendorId: z.string(), vendorName: z.string(), entries: z.number().int() }),
    ),
  })
  .meta({ id: 'DataProtectionOverview' });
export type DataProtectionOverview = z.infer<typeof DataProtectionOverview>;

export { CRITICALITIES };
