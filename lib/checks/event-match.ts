import { sql } from 'drizzle-orm';
import { eventMatchConditions, type EventMatchConditions } from '@/lib/validation/events';
import type { CheckDefinition } from './types';

/**
 * Event rules: an incoming event whose type and attributes match fires the rule inside the
 * ingestion request (lib/events/ingest.ts); no cron job evaluates them.
 */
export const eventMatchCheck: CheckDefinition<EventMatchConditions> = {
  name: 'event_match',
  label: 'Incoming event matches',
  job: null,
  conditions: eventMatchConditions,
  candidates: () => sql`select null::text as fingerprint, null::text as resource_type, null::text as resource_id,
                               null::bigint as subject_user_id, '{}'::jsonb as ctx, '{}'::jsonb as metadata where false`,
};
