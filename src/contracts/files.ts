import { z } from 'zod';
import { Instant, idOf } from './common';

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
