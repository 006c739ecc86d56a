import { sql } from 'drizzle-orm';
import { db } from '@/db/client';
import { json, problem } from '@/lib/api/problem';

export const dynamic = 'force-dynamic';

// GET /api/health — readiness: the app answers and its database does
export async function GET() {
  try {
    await db.execute(sql`select 1`);
    return json({ status: 'ok', database: 'ok', time: new Date().toISOString() });
  } catch {
    return problem(503, 'Service Unavailable', 'Database unreachable');
  }
}
