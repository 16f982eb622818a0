import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { ledger, entity, period } from '../helpers/ledger.js';

const OPTS = { bigCustomerMinAnnualRevenue: 1e6, csatScale: 5, slaHours: 48 };
const JULY = period('2024-07');

/*
 * Handler H1, SLA 48 h, P = 2024-07 (ends 2024-07-31 24:00 = 2024-08-01 00:00).
 *   K1 opened 07-01 09:00, response +2h, resolved 07-02 09:00 (24h), satisfied  -> resolved, no breach
 *   K2 opened 07-10 00:00, response +6h, resolved 07-13 00:00 (72h)            -> resolved, breach (72 > 48)
 *   K3 opened 07-30 12:00, resolved 08-02 12:00 (after P), satisfied           -> unresolved at P's end;
 *        age at 08-01 00:00 = 36h ≤ 48                                          -> no breach
 *   K4 opened 07-20 08:00, never resolved, escalated; age 280h                  -> breach
 *   K5 opened 07-05 10:00, status closed (no time), satisfied                   -> resolved; no duration
 *   K6 opened 06-28, resolved 07-02 10:00                                        -> not opened in P;
 *        counts only in resolved_per_workday
 *   K7 opened 07-31 23:00, unresolved, escalated; age 1h                        -> no breach
 *   K8 opened 07-29 00:00, unresolved; age exactly 72h at P's end                -> breach (72 > 48)
 * Opened in P: K1 K2 K3 K4 K5 K7 K8 = 7.
 * resolved by end: K1 K2 K5 = 3 -> 3/7.
 * first response: K1 2h, K2 6h -> 8 / 2 = 4h.
 * resolution: K1 24h, K2 72h -> 96 / 2 = 48h.
 * SLA 48 breaches: K2, K4, K8 (72h > 48) = 3/7.
 * escalated: K4, K7 = 2/7.
 * resolved_per_workday: resolved_at in July by H1: K1, K2, K6 = 3; July 2024 has 23 Mon–Fri days.
 * events: resolved & satisfied = K1, K5 (K3 resolved after P) = 2; escalated = 2.
 */
const COMPLAINTS = [
  { id: 'K1', opened: '2024-07-01 09:00', handler: 'H1', firstResponse: '2024-07-01 11:00', resolved: '2024-07-02 09:00', satisfied: true },
  { id: 'K2', opened: '2024-07-10 00:00', handler: 'H1', firstResponse: '2024-07-10 06:00', resolved: '2024-07-13 00:00' },
  { id: 'K3', opened: '2024-07-30 12:00', handler: 'H1', resolved: '2024-08-02 12:00', satisfied: true },
  { id: 'K4', opened: '2024-07-20 08:00', handler: 'H1', escalated: true },
  { id: 'K5', opened: '2024-07-05 10:00', handler: 'H1', status: 'closed', satisfied: true },
  { id: 'K6', opened: '2024-06-28 10:00', handler: 'H1', resolved: '2024-07-02 10:00' },
  { id: 'K7', opened: '2024-07-31 23:00', handler: 'H1', escalated: true },
  { id: 'K8', opened: '2024-07-29 00:00', handler: 'H1' },
];

function measurer(opts = OPTS) {
  const ds = ledger({ complaints: COMPLAINTS });
  return { ds, m: createMeasurer(ds, opts) };
}

function measure(metrics: string[], p = JULY, opts = OPTS) {
  const { ds, m } = measurer(opts);
  return m.measure(entity(ds, 'H1', 'handler'), p, metrics);
}

describe('service metrics', () => {
  it('complaints: attributed (by handler) and opened in P', () => {
    expect(measure(['complaints']).get('complaints')!.value).toBe(7);
    expect(measure(['complaints'], period('2024-06')).get('complaints')!.value).toBe(1);
  });

  it('resolution_rate: resolved by P\'s end (a time ≤ end, or a resolved status without time)', () => {
    expect(measure(['resolution_rate']).get('resolution_rate')).toEqual({ value: 3 / 7, numerator: 3, denominator: 7 });
    // Over Jul–Aug, K3 (resolved 08-02) is resolved by the end: 4/7.
    expect(measure(['resolution_rate'], period('2024-07-01..2024-08-31')).get('resolution_rate')!.numerator).toBe(4);
  });

  it('avg_first_response_hours over complaints with a response', () => {
    expect(measure(['avg_first_response_hours']).get('avg_first_response_hours')).toEqual({ value: 4, numerator: 8, denominator: 2 });
  });

  it('avg_resolution_hours over complaints resolved by P\'s end with a time', () => {
    expect(measure(['avg_resolution_hours']).get('avg_resolution_hours')).toEqual({ value: 48, numerator: 96, denominator: 2 });
  });

  it('sla_breach_rate: resolved later than SLA, or unresolved and older than SLA at 24:00 of P\'s last day', () => {
    expect(measure(['sla_breach_rate']).get('sla_breach_rate')).toEqual({ value: 3 / 7, numerator: 3, denominator: 7 });
    // SLA 72h is strict: K2 (72h) and K8 (exactly 72h old) do not breach; K4 (280h) does.
    expect(measure(['sla_breach_rate'], JULY, { ...OPTS, slaHours: 72 }).get('sla_breach_rate')!.numerator).toBe(1);
    // SLA 30h: K3 (36h old at P's end, resolved after it) now breaches: K2, K3, K4, K8 = 4.
    expect(measure(['sla_breach_rate'], JULY, { ...OPTS, slaHours: 30 }).get('sla_breach_rate')!.numerator).toBe(4);
  });

  it('escalation_rate = escalated / complaints', () => {
    expect(measure(['escalation_rate']).get('escalation_rate')).toEqual({ value: 2 / 7, numerator: 2, denominator: 7 });
  });

  it('resolved_per_workday: handled complaints resolved in P / Monday–Friday days', () => {
    expect(measure(['resolved_per_workday']).get('resolved_per_workday')).toEqual({ value: 3 / 23, numerator: 3, denominator: 23 });
    // A weekend-only period has no workdays: null. 2024-07-06/07 are Sat/Sun.
    expect(measure(['resolved_per_workday'], period('2024-07-06..2024-07-07')).get('resolved_per_workday')!.value).toBeNull();
  });

  it('events: resolved-and-satisfied (resolved by P\'s end) and escalated', () => {
    const { ds, m } = measurer();
    expect(m.events(entity(ds, 'H1', 'handler'), JULY)).toEqual({ complaint_resolved_satisfied: 2, complaint_escalated: 2 });
    // The same complaints by account owner belong to nobody here (no owner, order or customer).
    expect(m.events(entity(ds, 'H1', 'account_owner'), JULY)).toEqual({ complaint_resolved_satisfied: 0, complaint_escalated: 0 });
  });

  it('complaint_rate = complaints by account owner / orders, whatever the role attributes by', () => {
    /*
     * S1 has orders O1, O2 (C1) and O3 (C2) in July; O3 fully refunded -> 2 orders.
     * Complaints owned by S1 in July: Q1 (owner_id), Q2 (order O1), Q3 (customer C2's latest order) = 3.
     * Q4 is owned by S1 but opened in June. Handler-attributed complaints of S1: none.
     * complaint_rate = 3 / 2 = 1.5, for an account-owner role and for a handler role alike.
     */
    const ds = ledger({
      sales: [
        { order: 'O1', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 },
        { order: 'O2', date: '2024-07-02', customer: 'C1', employee: 'S1', amount: 100 },
        { order: 'O3', date: '2024-07-03', customer: 'C2', employee: 'S1', amount: 100 },
        { order: 'O3', date: '2024-07-04', customer: 'C2', employee: 'S1', amount: -100 },
      ],
      complaints: [
        { id: 'Q1', opened: '2024-07-05 10:00', owner: 'S1', handler: 'H1' },
        { id: 'Q2', opened: '2024-07-06 10:00', order: 'O1', handler: 'H1' },
        { id: 'Q3', opened: '2024-07-07 10:00', customer: 'C2', handler: 'H1' },
        { id: 'Q4', opened: '2024-06-07 10:00', owner: 'S1', handler: 'H1' },
      ],
    });
    const m = createMeasurer(ds, OPTS);
    for (const by of ['account_owner', 'handler'] as const) {
      const r = m.measure(entity(ds, 'S1', by), JULY, ['complaint_rate', 'complaints']);
      expect(r.get('complaint_rate')).toEqual({ value: 1.5, numerator: 3, denominator: 2 });
      expect(r.get('complaints')!.value).toBe(by === 'account_owner' ? 3 : 0);
    }
    // H1 has no orders: complaint_rate has no value.
    expect(m.measure(entity(ds, 'H1', 'handler'), JULY, ['complaint_rate']).get('complaint_rate')!.value).toBeNull();
  });
});
