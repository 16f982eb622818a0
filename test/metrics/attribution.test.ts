import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import type { Dataset } from '../../src/model.js';
import { ledger, entity, period } from '../helpers/ledger.js';

const OPTS = { bigCustomerMinAnnualRevenue: 1e6, csatScale: 5, slaHours: 48 };

/*
 *   O1 2024-06-01 C1 S1 100
 *   O2 2024-07-01 C1 S2 100         C1 moves from S1 to S2 on 07-01
 *   O4 2024-07-06 C3 S1 60, S2 40   split order: S1 has the larger credit
 *   O5 2024-07-07 C4 S3 50, S2 50   split tie: the smaller id, S2
 *   O8 2024-07-10 C5 S1 100, O9 2024-07-10 C5 S2 10   same day: latest is O9 (order_id as text)
 *   O10 2024-07-01 C6 S1 100, O10 refund 2024-07-02 by S2 −50   refunds are not "positive rows"
 */
const SALES = [
  { order: 'O1', date: '2024-06-01', customer: 'C1', employee: 'S1', amount: 100 },
  { order: 'O2', date: '2024-07-01', customer: 'C1', employee: 'S2', amount: 100 },
  { order: 'O4', date: '2024-07-06', customer: 'C3', employee: 'S1', amount: 100, split: '60%' },
  { order: 'O4', date: '2024-07-06', customer: 'C3', employee: 'S2', amount: 100, split: 0.4 },
  { order: 'O5', date: '2024-07-07', customer: 'C4', employee: 'S3', amount: 100, split: 0.5 },
  { order: 'O5', date: '2024-07-07', customer: 'C4', employee: 'S2', amount: 100, split: 0.5 },
  { order: 'O8', date: '2024-07-10', customer: 'C5', employee: 'S1', amount: 100 },
  { order: 'O9', date: '2024-07-10', customer: 'C5', employee: 'S2', amount: 10 },
  { order: 'O10', date: '2024-07-01', customer: 'C6', employee: 'S1', amount: 100 },
  { order: 'O10', date: '2024-07-02', customer: 'C6', employee: 'S2', amount: -50 },
];

const empId = (ds: Dataset, i: number) => (i < 0 ? null : ds.employees.ids[i]);

describe('complaint attribution by account owner', () => {
  const ds = ledger({
    sales: SALES,
    complaints: [
      { id: 'A', opened: '2024-07-20 09:00', owner: 'S3', order: 'O1', customer: 'C1', handler: 'H1' }, // owner_id wins -> S3
      { id: 'B', opened: '2024-07-20 09:00', order: 'O1', customer: 'C1', handler: 'H1' }, // order's employee -> S1
      { id: 'C', opened: '2024-06-15 09:00', order: 'O404', customer: 'C1', handler: 'H1' }, // unknown order falls through; latest ≤ 06-15: O1 -> S1
      { id: 'D', opened: '2024-07-01 18:00', customer: 'C1', handler: 'H1' }, // latest on or before 07-01 is O2 (same day) -> S2
      { id: 'E', opened: '2024-05-01 09:00', customer: 'C1', handler: 'H1' }, // no earlier sale -> unattributable by owner
      { id: 'F', opened: '2024-07-20 09:00', order: 'O4', handler: 'H1' }, // split 60/40 -> S1
      { id: 'G', opened: '2024-07-20 09:00', order: 'O5', handler: 'H1' }, // split 50/50 -> S2 (id order)
      { id: 'H', opened: '2024-07-11 09:00', customer: 'C5', handler: 'H1' }, // same-day tie: O9 > O8 -> S2
      { id: 'I', opened: '2024-07-03 09:00', customer: 'C6' }, // the refund row is not positive -> O10 -> S1 (order's employee)
    ],
  });
  const m = createMeasurer(ds, OPTS);
  const owners = Array.from({ length: ds.complaints.n }, (_, i) => empId(ds, m.attribution.complaintOwner[i]));

  it('uses owner_id, then order_id, then the customer\'s latest positive order on or before the opened day', () => {
    expect(owners).toEqual(['S3', 'S1', 'S1', 'S2', null, 'S1', 'S2', 'S2', 'S1']);
  });

  it('counts complaints per owner in P', () => {
    const july = period('2024-07');
    const count = (id: string) => m.measure(entity(ds, id), july, ['complaints']).get('complaints')!.value;
    expect([count('S1'), count('S2'), count('S3')]).toEqual([3, 3, 1]); // S1: B F I; S2: D G H; S3: A
  });

  it('warns about what it cannot attribute, with file and row', () => {
    const w = m.attributionWarnings();
    // E has no owner; I has no handler.
    expect(w.map((d) => [d.code, d.file, d.row, d.value])).toEqual([
      ['unattributed_complaint', 'complaints.csv', 6, 'E'],
      ['unattributed_complaint', 'complaints.csv', 10, 'I'],
    ]);
    expect(w.every((d) => d.severity === 'warning')).toBe(true);
  });

  it('warns only for the attribution modes in use', () => {
    const handlerOnly = createMeasurer(ds, { ...OPTS, complaintModes: ['handler'] });
    expect(handlerOnly.attributionWarnings().map((d) => d.value)).toEqual(['I']);
    const ownerOnly = createMeasurer(ds, { ...OPTS, complaintModes: ['account_owner'] });
    expect(ownerOnly.attributionWarnings().map((d) => d.value)).toEqual(['E']);
  });
});

describe('account owner at a date is the latest positive row\'s employee', () => {
  it('differs from the order\'s employee when a later line of the same order went to someone else', () => {
    // Order Z: S1 sells 100 on 07-01, S2 adds a 200 line on 07-05. Z's employee (largest credit) is S2,
    // but on 07-03 the customer's latest positive row is S1's.
    const ds = ledger({
      sales: [
        { order: 'Z', date: '2024-07-01', customer: 'C1', employee: 'S1', amount: 100 },
        { order: 'Z', date: '2024-07-05', customer: 'C1', employee: 'S2', amount: 200 },
      ],
      complaints: [
        { id: 'by-customer', opened: '2024-07-03 12:00', customer: 'C1', handler: 'H1' },
        { id: 'by-order', opened: '2024-07-03 12:00', order: 'Z', handler: 'H1' },
      ],
    });
    const m = createMeasurer(ds, OPTS);
    expect([0, 1].map((i) => empId(ds, m.attribution.complaintOwner[i]))).toEqual(['S1', 'S2']);
  });
});

describe('survey attribution', () => {
  const ds = ledger({
    sales: SALES,
    surveys: [
      { id: 'V1', date: '2024-07-20', employee: 'S3', order: 'O1', customer: 'C1', nps: 10 }, // employee_id -> S3
      { id: 'V2', date: '2024-07-20', order: 'O1', customer: 'C1', nps: 9 }, // order -> S1
      { id: 'V3', date: '2024-06-20', order: 'O404', customer: 'C1', nps: 3 }, // owner at 06-20 -> S1
      { id: 'V4', date: '2024-07-20', customer: 'C1', nps: 8 }, // owner at 07-20 -> S2
      { id: 'V5', date: '2024-05-20', customer: 'C1', nps: 8 }, // before any sale -> unattributed
      { date: '2024-07-20', nps: 8 }, // nothing to go on -> unattributed (no id: cited by row)
    ],
  });
  const m = createMeasurer(ds, OPTS);

  it('uses employee_id, then the order\'s employee, then the customer\'s account owner at its date', () => {
    expect(Array.from({ length: ds.surveys.n }, (_, i) => empId(ds, m.attribution.surveyEmployee[i]))).toEqual(['S3', 'S1', 'S1', 'S2', null, null]);
  });

  it('counts responses per employee and warns about the rest', () => {
    const q = period('2024Q2');
    const y = period('2024');
    expect(m.measure(entity(ds, 'S1'), y, ['survey_responses']).get('survey_responses')!.value).toBe(2);
    expect(m.measure(entity(ds, 'S1'), q, ['survey_responses']).get('survey_responses')!.value).toBe(1);
    expect(m.attributionWarnings().map((d) => [d.code, d.row])).toEqual([
      ['unattributed_survey', 6],
      ['unattributed_survey', 7],
    ]);
  });
});
