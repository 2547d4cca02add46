import type { Migration } from 'kysely';
import * as foundation from './2026-11-28T2100-foundation';

/**
 * Every migration, by its date-named file. Listed statically so that bundlers and tsx agree;
 * add a new file here as well. Names sort in the order they run.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T2100-foundation': foundation,
};
