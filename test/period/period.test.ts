import { describe, it, expect } from 'vitest';
import {
  parsePeriod, priorPeriod, lastYearPeriod, periodDays, workdays, containsDay, parseDayText,
  isoWeeksInYear, isoWeekOf, canonicalPeriodId,
} from '../../src/engine/period.js';
import { isoDay, parseIsoDay } from '../../src/engine/calendar.js';
import type { Period } from '../../src/engine/types.js';

const span = (p: Period | null) => (p ? `${p.id} ${p.kind} ${isoDay(p.start)}..${isoDay(p.end)}` : null);
const P = (t: string, fy = 1) => {
  const p = parsePeriod(t, fy);
  if (!p) throw new Error(`no period ${t}`);
  return p;
};

describe('parsePeriod: calendar forms', () => {
  it('year, half, quarter, month', () => {
    expect(span(parsePeriod('2024'))).toBe('2024 year 2024-01-01..2024-12-31');
    expect(span(parsePeriod('2024H1'))).toBe('2024H1 half 2024-01-01..2024-06-30');
    expect(span(parsePeriod('2024H2'))).toBe('2024H2 half 2024-07-01..2024-12-31');
    expect(span(parsePeriod('2024Q3'))).toBe('2024Q3 quarter 2024-07-01..2024-09-30');
    expect(span(parsePeriod('2024Q1'))).toBe('2024Q1 quarter 2024-01-01..2024-03-31');
    expect(span(parsePeriod('2024-07'))).toBe('2024-07 month 2024-07-01..2024-07-31');
    expect(span(parsePeriod('2024-02'))).toBe('2024-02 month 2024-02-01..2024-02-29');
    expect(span(parsePeriod('2023-02'))).toBe('2023-02 month 2023-02-01..2023-02-28');
  });
  it('canonicalises ids', () => {
    expect(parsePeriod('2024q3')?.id).toBe('2024Q3');
    expect(parsePeriod('2024h2')?.id).toBe('2024H2');
    expect(parsePeriod('2024-7')?.id).toBe('2024-07');
    expect(parsePeriod('2024-w1')?.id).toBe('2024-W01');
    expect(parsePeriod(' 2024Q3 ')?.id).toBe('2024Q3');
    expect(canonicalPeriodId('2024-07-01 .. 2024-09-30')).toBe('2024-07-01..2024-09-30');
  });
  it('inclusive ranges', () => {
    const p = P('2024-07-01..2024-09-30');
    expect(span(p)).toBe('2024-07-01..2024-09-30 range 2024-07-01..2024-09-30');
    expect(periodDays(p)).toBe(92);
    expect(span(parsePeriod('2024-07-01..2024-07-01'))).toBe('2024-07-01..2024-07-01 range 2024-07-01..2024-07-01');
    expect(parsePeriod('2024/7/1..2024/7/3')?.id).toBe('2024-07-01..2024-07-03');
  });
  it('rejects nonsense', () => {
    for (const t of ['', '24', '2024Q5', '2024Q0', '2024H3', '2024-13', '2024-00', '2024-W00', '2024-W54',
      '2024-09-30..2024-07-01', '2024-02-30..2024-03-01', 'Q3', '2024-07-01', 'abc']) {
      expect(parsePeriod(t), t).toBeNull();
    }
  });
});

describe('parsePeriod: fiscal year starting in April', () => {
  it('quarters, halves and years shift; months do not', () => {
    expect(span(parsePeriod('2024Q1', 4))).toBe('2024Q1 quarter 2024-04-01..2024-06-30');
    expect(span(parsePeriod('2024Q4', 4))).toBe('2024Q4 quarter 2025-01-01..2025-03-31');
    expect(span(parsePeriod('2024', 4))).toBe('2024 year 2024-04-01..2025-03-31');
    expect(span(parsePeriod('2024H1', 4))).toBe('2024H1 half 2024-04-01..2024-09-30');
    expect(span(parsePeriod('2024H2', 4))).toBe('2024H2 half 2024-10-01..2025-03-31');
    expect(span(parsePeriod('2024-07', 4))).toBe('2024-07 month 2024-07-01..2024-07-31');
    expect(span(parsePeriod('2024-W27', 4))).toBe('2024-W27 week 2024-07-01..2024-07-07');
  });
  it('fiscal October start', () => {
    expect(span(parsePeriod('2024Q2', 10))).toBe('2024Q2 quarter 2025-01-01..2025-03-31');
    expect(span(parsePeriod('2024', 10))).toBe('2024 year 2024-10-01..2025-09-30');
  });
  it('prior and last year keep the fiscal calendar', () => {
    expect(span(priorPeriod(P('2024Q1', 4), 4))).toBe('2023Q4 quarter 2024-01-01..2024-03-31');
    expect(span(lastYearPeriod(P('2024Q1', 4), 4))).toBe('2023Q1 quarter 2023-04-01..2023-06-30');
    expect(span(priorPeriod(P('2024', 4), 4))).toBe('2023 year 2023-04-01..2024-03-31');
    expect(span(priorPeriod(P('2024H1', 4), 4))).toBe('2023H2 half 2023-10-01..2024-03-31');
  });
});

describe('ISO weeks', () => {
  it('week 1 contains January 4', () => {
    expect(span(parsePeriod('2024-W01'))).toBe('2024-W01 week 2024-01-01..2024-01-07');
    expect(span(parsePeriod('2021-W01'))).toBe('2021-W01 week 2021-01-04..2021-01-10');
    expect(span(parsePeriod('2020-W01'))).toBe('2020-W01 week 2019-12-30..2020-01-05');
    expect(span(parsePeriod('2024-W27'))).toBe('2024-W27 week 2024-07-01..2024-07-07');
    expect(span(parsePeriod('2024W27'))).toBe('2024-W27 week 2024-07-01..2024-07-07');
  });
  it('week 53 only in long years', () => {
    expect(span(parsePeriod('2020-W53'))).toBe('2020-W53 week 2020-12-28..2021-01-03');
    expect(parsePeriod('2021-W53')).toBeNull();
    expect(parsePeriod('2024-W53')).toBeNull();
    expect(span(parsePeriod('2026-W53'))).toBe('2026-W53 week 2026-12-28..2027-01-03');
    expect(isoWeeksInYear(2015)).toBe(53);
    expect(isoWeeksInYear(2020)).toBe(53);
    expect(isoWeeksInYear(2021)).toBe(52);
    expect(isoWeeksInYear(2032)).toBe(53); // leap year starting on Thursday
    expect(isoWeeksInYear(2004)).toBe(53); // leap year starting on Thursday
  });
  it('isoWeekOf', () => {
    expect(isoWeekOf(parseIsoDay('2021-01-03')!)).toEqual({ year: 2020, week: 53 });
    expect(isoWeekOf(parseIsoDay('2024-12-30')!)).toEqual({ year: 2025, week: 1 });
    expect(isoWeekOf(parseIsoDay('2024-07-07')!)).toEqual({ year: 2024, week: 27 });
  });
});

describe('priorPeriod', () => {
  const prior = (t: string) => span(priorPeriod(P(t)));
  it('each kind', () => {
    expect(prior('2024')).toBe('2023 year 2023-01-01..2023-12-31');
    expect(prior('2024H1')).toBe('2023H2 half 2023-07-01..2023-12-31');
    expect(prior('2024H2')).toBe('2024H1 half 2024-01-01..2024-06-30');
    expect(prior('2024Q3')).toBe('2024Q2 quarter 2024-04-01..2024-06-30');
    expect(prior('2024Q1')).toBe('2023Q4 quarter 2023-10-01..2023-12-31');
    expect(prior('2024-01')).toBe('2023-12 month 2023-12-01..2023-12-31');
    expect(prior('2024-03')).toBe('2024-02 month 2024-02-01..2024-02-29');
    expect(prior('2024-W01')).toBe('2023-W52 week 2023-12-25..2023-12-31');
    expect(prior('2021-W01')).toBe('2020-W53 week 2020-12-28..2021-01-03');
    expect(prior('2024-W27')).toBe('2024-W26 week 2024-06-24..2024-06-30');
  });
  it('a range: the same number of days just before', () => {
    expect(prior('2024-07-01..2024-09-30')).toBe('2024-03-31..2024-06-30 range 2024-03-31..2024-06-30');
    expect(prior('2024-03-01..2024-03-10')).toBe('2024-02-20..2024-02-29 range 2024-02-20..2024-02-29');
  });
});

describe('lastYearPeriod', () => {
  const ly = (t: string) => span(lastYearPeriod(P(t)));
  it('each kind', () => {
    expect(ly('2024')).toBe('2023 year 2023-01-01..2023-12-31');
    expect(ly('2024H2')).toBe('2023H2 half 2023-07-01..2023-12-31');
    expect(ly('2024Q3')).toBe('2023Q3 quarter 2023-07-01..2023-09-30');
    expect(ly('2024-02')).toBe('2023-02 month 2023-02-01..2023-02-28');
    expect(ly('2024-W27')).toBe('2023-W27 week 2023-07-03..2023-07-09');
    expect(ly('2021-W10')).toBe('2020-W10 week 2020-03-02..2020-03-08');
  });
  it('week 53 falls back to the last week of the previous ISO year', () => {
    expect(ly('2021-W05')).toBe('2020-W05 week 2020-01-27..2020-02-02');
    expect(ly('2020-W53')).toBe('2019-W52 week 2019-12-23..2019-12-29');
  });
  it('a range shifts both ends; Feb 29 becomes Feb 28', () => {
    expect(ly('2024-07-01..2024-09-30')).toBe('2023-07-01..2023-09-30 range 2023-07-01..2023-09-30');
    expect(ly('2024-02-01..2024-02-29')).toBe('2023-02-01..2023-02-28 range 2023-02-01..2023-02-28');
  });
});

describe('days and workdays', () => {
  it('counts', () => {
    expect(periodDays(P('2024Q3'))).toBe(92);
    expect(periodDays(P('2024'))).toBe(366);
    expect(periodDays(P('2024-W27'))).toBe(7);
    expect(workdays(P('2024-W27'))).toBe(5);
    expect(workdays(P('2024-07'))).toBe(23); // July 2024: starts Monday, 31 days
    expect(workdays(P('2024-09'))).toBe(21); // Sept 2024: starts Sunday, 30 days
    expect(workdays(P('2024Q3'))).toBe(66);
    expect(workdays(P('2024-07-06..2024-07-07'))).toBe(0);
    expect(workdays(P('2024'))).toBe(262);
  });
  it('containsDay is inclusive', () => {
    const p = P('2024Q3');
    expect(containsDay(p, parseIsoDay('2024-07-01')!)).toBe(true);
    expect(containsDay(p, parseIsoDay('2024-09-30')!)).toBe(true);
    expect(containsDay(p, parseIsoDay('2024-10-01')!)).toBe(false);
    expect(containsDay(p, parseIsoDay('2024-06-30')!)).toBe(false);
  });
});

describe('parseDayText', () => {
  it('accepts the usual plan spellings', () => {
    const d = parseIsoDay('2024-07-24')!;
    for (const t of ['2024-07-24', '2024-7-24', '2024/7/24', '2024.07.24', '2024年7月24日', ' 2024-07-24 ']) {
      expect(parseDayText(t), t).toBe(d);
    }
  });
  it('rejects impossible dates', () => {
    for (const t of ['2023-02-29', '2024-13-01', '24-07-01', '2024-07', 'tomorrow']) expect(parseDayText(t), t).toBeNull();
    expect(parseDayText('2024-02-29')).toBe(parseIsoDay('2024-02-29'));
  });
});
