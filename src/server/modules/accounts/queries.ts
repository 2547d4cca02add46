/**
 * Read fragments of the users table for other modules' queries (a user's name beside their
 * rows): they compose these instead of naming the table, so its shape is known here only.
 */
import type { SelectQueryBuilder, StringReference } from 'kysely';
import { joinPicking, type Picks } from '../../db/fragments';

/** Each row's user (every row has one), with the `picks` columns under the caller's names. */
export const joinUser = <D, TB extends keyof D, O, P extends Picks<'users'>>(
  q: SelectQueryBuilder<D, TB, O>,
  userId: StringReference<D, TB>,
  picks: P,
) => joinPicking(q, 'inner', 'users', userId, picks);
