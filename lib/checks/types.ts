import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Tx } from '@/db/client';

/** A kind of check: a zod schema for its rule conditions and the set-based SQL of its candidates. */
export type CheckDefinition<C> = {
  name: string;
  label: string;
  /** which cron job evaluates it; event-only checks run on ingestion instead */
  job: 'sla' | 'critical' | 'daily-summary' | 'deliver' | null;
  conditions: z.ZodType<C>;
  /**
   * SELECT fingerprint, resource_type, resource_id, subject_user_id, ctx, metadata. With a scope
   * (a check that has `scoped`), only the candidates about those complaints.
   */
  candidates: (rule: { id: number }, conditions: C, scope?: CheckScope) => SQL;
  /**
   * For a check that can evaluate just part of what it watches (ingestion: the complaints a batch
   * wrote): its alerts within the scope, a predicate over `a` (alerts). The candidates in scope are
   * complete for those alerts, so only they may resolve by absence.
   */
  scopeAlerts?: (scope: CheckScope) => SQL;
  /** state to update before candidates are read (a threshold's pending period) */
  before?: (tx: Tx, rule: { id: number }, conditions: C) => Promise<void>;
};

/** What an evaluation on ingestion looks at: the complaints the batch wrote. */
export type CheckScope = { complaintIds: number[] };

/** Open complaint statuses, as the partial indexes spell them. */
export const OPEN_STATUSES_SQL = `('open','in_progress','escalated')`;
