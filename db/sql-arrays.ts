import { sql, type SQL } from 'drizzle-orm';

/**
 * A PostgreSQL array parameter (drizzle would otherwise expand a JS array into a list). Values
 * are quoted as array-literal elements, so any text is safe; one bound parameter either way.
 */
export function sqlArray(values: readonly (string | number)[], type: 'text' | 'bigint' | 'timestamptz'): SQL {
  const items = values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, '\\$&')}"`));
  return sql`${`{${items.join(',')}}`}::${sql.raw(`${type}[]`)}`;
}

export const sqlTextArray = (values: readonly string[]): SQL => sqlArray(values, 'text');
export const sqlBigintArray = (values: readonly number[]): SQL => sqlArray(values.filter(Number.isSafeInteger), 'bigint');

/** Every condition (an AND of them); no conditions at all is `true`. */
export const allOf = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
