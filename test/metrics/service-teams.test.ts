/**
 * Team and company complaint stats: with whole-second instants they are summed from the members'
 * cached stats (metrics/service.ts), otherwise walked over the complaints. Both must give the
 * numbers worked out here, which are also the numbers of one walk over the union.
 */
import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { ledger, entity, period } from '../helpers/ledger.js';

const OPTS = { bigCustomerMinAnnualRevenue: 1e6, csatScale: 5, slaHours: 48 };
const JULY = period('2024-07');

/*
 * SLA 48 h, P = 2024-07.
 *   H1: K1 07-01 09:00, response +2h, resolved +24h, satisfied  -> resolved, no breach
 *       K2 07-10 00:00, response +6h, resolved +72h             -> resolved, breach
 *   H2: K3 07-20 08:00, never resolved, escalated (age 280h)     -> breach
 *       K4 07-05 10:00, response +1h, status closed, satisfied  -> resolved, no duration
 *       K5 06-28 (not in P)
 * Team H1+H2: 4 complaints; resolved 3; response 2h + 6h + 1h = 9h over 3; resolution 24h + 72h over 2;
 * breaches K2, K3 = 2; escalated 1; resolved & satisfied K1, K4 = 2.
 */
const COMPLAINTS = [
  { id: 'K1', opened: '2024-07-01 09:00', handler: 'H1', firstResponse: '2024-07-01 11:00', resolved: '2024-07-02 09:00', satisfied: true },
  { id: 'K2', opened: '2024-07-10 00:00', handler: 'H1', firstResponse: '2024-07-10 06:00', resolved: '2024-07-13 00:00' },
  { id: 'K3', opened: '2024-07-20 08:00', handler: 'H2', escalated: true },
  { id: 'K4', opened: '2024-07-05 10:00', handler: 'H2', firstResponse: '2024-07-05 11:00', status: 'closed', satisfied: true },
  { id: 'K5', opened: '2024-06-28 10:00', handler: 'H2', resolved: '2024-07-02 10:00' },
];
const METRICS = ['complaints', 'resolution_rate', 'avg_first_response_hours', 'avg_resolution_hours', 'sla_breach_rate', 'escalation_rate'];

function values(fractional: boolean) {
  const ds = ledger({ complaints: COMPLAINTS });
  // Half a second later everywhere: instants are no longer whole seconds (the walking path).
  if (fractional) for (const col of [ds.complaints.opened, ds.complaints.firstResponse, ds.complaints.resolved]) {
    for (let i = 0; i < ds.complaints.n; i++) col[i] += 0.5;
  }
  const m = createMeasurer(ds, OPTS);
  const line = (ids: string[]) => {
    const r = m.measure(entity(ds, ids, 'handler'), JULY, METRICS);
    return METRICS.map((k) => r.get(k)!.value);
  };
  const events = m.events(entity(ds, ['H1', 'H2'], 'handler'), JULY);
  // Members first (as the scorer does), then the team, then the team on its own measurer.
  const h1 = line(['H1']), h2 = line(['H2']), team = line(['H1', 'H2']);
  const fresh = createMeasurer(ds, OPTS).measure(entity(ds, ['H1', 'H2'], 'handler'), JULY, METRICS);
  return { h1, h2, team, fresh: METRICS.map((k) => fresh.get(k)!.value), events };
}

describe('team complaint stats', () => {
  for (const fractional of [false, true]) {
    it(fractional ? 'walked when instants have fractions' : 'summed from members when instants are whole seconds', () => {
      const v = values(fractional);
      expect(v.h1).toEqual([2, 1, 4, 48, 0.5, 0]);
      expect(v.h2).toEqual([2, 0.5, 1, null, 0.5, 0.5]);
      expect(v.team).toEqual([4, 3 / 4, 3, 48, 2 / 4, 1 / 4]);
      expect(v.fresh).toEqual(v.team);
      expect(v.events).toEqual({ complaint_resolved_satisfied: 2, complaint_escalated: 1 });
    });
  }
});
