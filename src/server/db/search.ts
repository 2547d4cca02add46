import { type Expression, type SqlBool, sql } from 'kysely';

/** A LIKE pattern that matches `text` literally: `%`, `_` and `\` in what the user typed are not wildcards. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Case-insensitive "contains" on a column, the same on SQLite and PostgreSQL. (SQLite's lower()
 * folds ASCII letters only, so accented capitals match only their own case there.)
 */
export function containsText(column: string, text: string): Expression<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like ${containsPattern(text)} escape '\\'`;
}
