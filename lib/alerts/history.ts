import type { Tx } from '@/db/client';
import type { Viewer } from '@/lib/auth/permissions';
import type { AlertCursorPage, AlertList } from '@/lib/validation/alert-responses';
import type { HistoryQuery } from '@/lib/validation/alerts';
import { listAlerts, listAlertsByCursor } from './inbox';

/**
 * GET /api/v1/alerts/history: everything that reached the viewer's inbox — dismissed and resolved
 * included — newest first, filterable like the list; page-numbered, or keyset with a cursor.
 */
export function listHistory(db: Tx, viewer: Viewer, query: HistoryQuery): Promise<AlertList | AlertCursorPage> {
  const selection = { ...query, view: 'history' as const };
  const { cursor } = query;
  return cursor !== undefined ? listAlertsByCursor(db, viewer, { ...selection, cursor }) : listAlerts(db, viewer, selection);
}
