/**
 * Read fragments of the users table for other modules' queries (a user's name beside their
 * rows): they compose these instead of naming the table, so its shape is known here only.
 */
import { joinsOf } from '../../db/fragments';

/** Each row's user (`joinUser(q, 'x.userId', { name: 'name' })`). */
export const joinUser = joinsOf('users').inner;
