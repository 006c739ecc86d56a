import { describe, expect, it } from 'vitest';
import { resourceKind, resourceLabel } from './resource-label';

describe('resourceLabel', () => {
  it.each([
    [{ type: 'complaint', id: '42', reference: 'C-1042', title: 'Invoice charged twice' }, 'C-1042 · Invoice charged twice'],
    [{ type: 'complaint', id: '42', reference: 'C-1042', title: '' }, 'C-1042'],
    [{ type: 'complaint', id: 'C-9', reference: null }, 'Complaint C-9'],
    [{ type: 'payment_provider', id: 'stripe' }, 'stripe'],
    [{ type: 'payment_provider', id: 'all' }, 'All payment providers'],
    [{ type: 'metric', id: 'csat_score' }, 'csat_score'],
    [{ type: 'user', id: '7', userName: 'Riley Staff' }, 'Riley Staff · workload'],
    [{ type: 'user', id: '7', userName: null }, 'User 7'],
    [{ type: 'queue', id: 'high_priority' }, 'High-priority queue'],
    [{ type: 'cron_job', id: 'sla' }, 'Job sla'],
    [{ type: 'alert', id: '5', alertTitle: 'Disk full' }, 'Disk full'],
    [{ type: 'door', id: 'front' }, 'door front'],
  ])('%o → %s', (parts, label) => {
    expect(resourceLabel(parts)).toBe(label);
  });

  it('names the kind of resource', () => {
    expect(resourceKind('payment_provider')).toBe('Payments');
    expect(resourceKind('complaint')).toBe('Complaint');
    expect(resourceKind('build.pipeline')).toBe('build pipeline');
  });
});
