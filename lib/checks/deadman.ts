import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { CRON_ENTRIES, intervalSeconds, jobName } from '@/lib/cron/schedule';
import type { CheckDefinition } from './types';

export const deadmanConditions = z.object({
  // a job is overdue when it has not succeeded within this many of its intervals
  multiplier: z.number().min(1).max(100).default(2),
});

/**
 * Dead-man's switch over the cron jobs of vercel.json: a job that has not succeeded within
 * `multiplier` × its interval raises an alert (once the scheduler has been running that long).
 */
export const cronDeadmanCheck: CheckDefinition<z.infer<typeof deadmanConditions>> = {
  name: 'cron_deadman',
  label: "Cron dead-man's switch",
  job: 'deliver',
  conditions: deadmanConditions,
  candidates: (rule, c) => {
    const jobs = sql.join(
      CRON_ENTRIES.map((e) => sql`(${jobName(e)}::text, ${intervalSeconds(e.schedule)}::int)`),
      sql`, `,
    );
    return sql`
      select ${`${rule.id}:cron:`}::text || j.job as fingerprint, 'cron_job'::text as resource_type, j.job as resource_id,
             null::bigint as subject_user_id,
             jsonb_build_object('job', jsonb_build_object('name', j.job, 'interval_minutes', j.interval_s / 60,
               'last_success', s.finished_at, 'last_status', l.status, 'last_error', l.error)) as ctx,
             jsonb_build_object('last_success', s.finished_at) as metadata
        from (values ${jobs}) as j(job, interval_s)
        left join lateral (select finished_at from cron_runs r where r.job = j.job and r.status = 'succeeded'
                            order by r.started_at desc limit 1) s on true
        left join lateral (select status, error from cron_runs r where r.job = j.job and r.status <> 'running'
                            order by r.started_at desc limit 1) l on true
       where (s.finished_at is null or s.finished_at < now() - make_interval(secs => j.interval_s * ${c.multiplier}::float8))
         and (select min(started_at) from cron_runs) < now() - make_interval(secs => j.interval_s * ${c.multiplier}::float8)`;
  },
};
