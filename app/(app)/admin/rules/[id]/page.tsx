import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { RuleEditor } from '@/components/rules/rule-editor';
import { db } from '@/db/client';
import { checkCatalog } from '@/lib/alerts/check-catalog';
import { applySuggestion, describeChange, SUGGESTIONS, type SuggestionKind } from '@/lib/alerts/noise';
import { getRule } from '@/lib/alerts/rules';
import { alertConfigSchema } from '@/lib/validation/rules';
import { ApiError } from '@/lib/api/problem';
import { requirePageViewer } from '@/lib/auth/viewer';
import { pathIdSchema } from '@/lib/validation/ids';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit rule · Ops Alerts' };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

/** `?suggest=cooldown|group|severity` (from the rule list's noise hint) opens the rule with that change made, unsaved. */
export default async function EditRulePage({ params, searchParams }: Props) {
  const viewer = await requirePageViewer('alerts.manage');
  const id = pathIdSchema('Rule').safeParse((await params).id);
  if (!id.success) notFound();
  const rule = await getRule(db, viewer, id.data).catch((err: unknown) => {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  });
  if (!rule) notFound();
  const suggest = (await searchParams).suggest;
  const cfg = alertConfigSchema.safeParse(rule.alert_config);
  if (typeof suggest === 'string' && (SUGGESTIONS as readonly string[]).includes(suggest) && cfg.success) {
    const next = applySuggestion(cfg.data, suggest as SuggestionKind);
    const notice = `Suggested to cut the noise: ${describeChange(suggest as SuggestionKind, cfg.data)}. Review the preview, then save — nothing changes until you do.`;
    return <RuleEditor checks={checkCatalog()} rule={{ ...rule, alert_config: next as unknown as typeof rule.alert_config }} notice={notice} />;
  }
  return <RuleEditor checks={checkCatalog()} rule={rule} />;
}
