/**
 * Keyset paging newest first by id: the query asks for `limit + 1` rows; the extra one only says
 * there is more, and the next page starts below the last row shown.
 */
export function pageBefore<T extends { id: number | string }>(rows: T[], limit: number): { page: T[]; next_before: number | null } {
  const page = rows.slice(0, limit);
  return { page, next_before: rows.length > limit ? Number(page.at(-1)!.id) : null };
}
