/** Personal data of one person (a vendor contact): export everything held, erase it on request. */
import { z } from 'zod';

export const ContactIdParams = z.object({ contactId: z.string().min(1).max(64) });

/** One module's share of a person's data: its records as JSON, as the module holds them. */
export const HolderExport = z.object({
  holder: z.string().meta({ description: 'The module holding the records, such as "vendors" or "accounts"' }),
  description: z.string(),
  records: z.array(z.record(z.string(), z.unknown())),
});

/** Everything Outpost holds about one person. */
export const PersonalDataExport = z.object({
  contactId: z.string(),
  vendorId: z.string(),
  exportedAt: z.string(),
  erased: z
    .boolean()
    .meta({ description: 'The person’s data was erased before (the records left hold no name or email)' }),
  holders: z.array(HolderExport),
});
export type PersonalDataExport = z.infer<typeof PersonalDataExport>;

export const ErasureResult = z.object({
  contactId: z.string(),
  erasedAt: z.string(),
  holders: z.array(
    z.object({
      holder: z.string(),
      records: z.number().int().meta({ description: 'Records anonymised or deleted by this holder' }),
    }),
  ),
});
export type ErasureResult = z.infer<typeof ErasureResult>;
