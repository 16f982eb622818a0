import { describe, it, expect } from 'vitest';
import { createMeasurer } from '../../src/engine/metrics/measurer.js';
import { csatSatisfiedMin } from '../../src/engine/metrics/satisfaction.js';
import { ledger, entity, period, type SurveyRow } from '../helpers/ledger.js';

const Q3 = period('2024Q3');
const base = { bigCustomerMinAnnualRevenue: 1e6, slaHours: 48 };

function measure(surveys: Parameters<typeof ledger>[0]['surveys'], metrics: string[], csatScale = 5, ids: string | string[] = 'S1') {
  const ds = ledger({ surveys, employees: ['S1', 'S2'] });
  return createMeasurer(ds, { ...base, csatScale }).measure(entity(ds, ids), Q3, metrics);
}

describe('satisfaction metrics', () => {
  /*
   * S1 in Q3: nps 10, 9, 9, 7, 3 and one survey with only a csat; one in Q2 (outside).
   * responses = 6; nps over 5 answers: promoters 3, passives 1, detractors 1 -> 100 × (3 − 1) / 5 = 40.
   */
  const SURVEYS = [
    { date: '2024-07-01', employee: 'S1', nps: 10 },
    { date: '2024-07-02', employee: 'S1', nps: 9 },
    { date: '2024-07-03', employee: 'S1', nps: 9 },
    { date: '2024-07-04', employee: 'S1', nps: 7 },
    { date: '2024-07-05', employee: 'S1', nps: 3 },
    { date: '2024-07-06', employee: 'S1', csat: 5 },
    { date: '2024-06-30', employee: 'S1', nps: 0 },
  ];

  it('survey_responses counts the entity\'s surveys dated in P', () => {
    expect(measure(SURVEYS, ['survey_responses']).get('survey_responses')!.value).toBe(6);
  });

  it('nps = 100 × (promoters − detractors) / responses with an nps, with counts', () => {
    expect(measure(SURVEYS, ['nps']).get('nps')).toEqual({
      value: 40, numerator: 2, denominator: 5,
      counts: { promoters: 3, passives: 1, detractors: 1, responses: 5 },
    });
  });

  it('nps bands: 0–6 detractors, 7–8 passives, 9–10 promoters', () => {
    const s = [6, 7, 8, 9].map((nps, i) => ({ date: `2024-07-0${i + 1}`, employee: 'S1', nps }));
    expect(measure(s, ['nps']).get('nps')!.counts).toEqual({ promoters: 1, passives: 2, detractors: 1, responses: 4 });
    expect(measure(s, ['nps']).get('nps')!.value).toBe(0);
  });

  /* csat 5, 4, 3, 2 and one survey without csat: 5-point satisfied ≥ 4 -> 2/4; mean 14/4 = 3.5. */
  const CSAT: SurveyRow[] = [
    ...[5, 4, 3, 2].map((csat, i) => ({ date: `2024-08-0${i + 1}`, employee: 'S1', csat })),
    { date: '2024-08-09', employee: 'S1', nps: 9 },
  ];

  it('csat on a 5-point scale: ≥ 4 is satisfied', () => {
    expect(measure(CSAT, ['csat']).get('csat')).toEqual({ value: 0.5, numerator: 2, denominator: 4, counts: { satisfied: 2, responses: 4 } });
  });

  it('csat on a 7-point scale: ≥ 6 is satisfied', () => {
    const s = [7, 6, 5, 4].map((csat, i) => ({ date: `2024-08-0${i + 1}`, employee: 'S1', csat }));
    expect(measure(s, ['csat'], 7).get('csat')!.value).toBe(0.5);
    expect(measure(s, ['csat'], 5).get('csat')!.value).toBe(1);
  });

  it('satisfied marks: 5 → 4, 7 → 6, 10 → 8, otherwise 0.8 × scale', () => {
    expect([5, 7, 10, 3, 4].map(csatSatisfiedMin)).toEqual([4, 6, 8, 0.8 * 3, 0.8 * 4]);
  });

  it('csat_avg = mean csat (sum and count as facts)', () => {
    expect(measure(CSAT, ['csat_avg']).get('csat_avg')).toEqual({ value: 3.5, numerator: 14, denominator: 4 });
  });

  it('no responses: nps, csat and csat_avg have no value; responses are 0', () => {
    const r = measure(SURVEYS, ['survey_responses', 'nps', 'csat', 'csat_avg'], 5, 'S2');
    expect(r.get('survey_responses')!.value).toBe(0);
    expect(r.get('nps')!.value).toBeNull();
    expect(r.get('csat')!.value).toBeNull();
    expect(r.get('csat_avg')!.value).toBeNull();
  });
});
