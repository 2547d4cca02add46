import { z } from 'zod';
import { Instant, idOf } from './common';

/** The content types an upload may have, decided by sniffing its bytes. */
export const ALLOWED_FILE_TYPES = [
  'application/pdf',
  'image/png',
  'image/jpeg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'text/plain',
  'application/json',
] as const;

/** A stored file's record: what the upload answers and `GET /files/{id}/meta` returns. */
export const StoredFile = z
  .object({
    id: idOf('fil'),
    name: z.string(),
    size: z.number().int(),
    contentType: z.enum(ALLOWED_FILE_TYPES),
    sha256: z.string(),
    createdAt: Instant,
  })
  .meta({ id: 'File' });
export type StoredFile = z.infer<typeof StoredFile>;

/**
 * The upload form (multipart/form-data): one part named `file`. For the API document only: the
 * multipart parser, not zod, reads this body, so the schema itself accepts anything.
 */
export const UploadForm = z.any().meta({
  type: 'object',
  required: ['file'],
  properties: {
    file: {
      type: 'string',
      format: 'binary',
      description: 'The file: PDF, PNG, JPEG, DOCX, XLSX, CSV, TXT or JSON, recognised by its content',
    },
  },
});
