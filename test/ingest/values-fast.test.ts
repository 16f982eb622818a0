// The allocation-free fast paths of values.ts against the general parsers they stand in for.
import { describe, expect, it } from 'vitest';
import { isoInstantFast, parseDate, parseNumber, plainDigits } from '../../src/ingest/values.js';

/** parseDate's instant, or its failure code. */
const general = (s: string): number | string => {
  const r = parseDate(s);
  return r.ok ? r.value.instant : r.code;
};

describe('isoInstantFast', () => {
  it('reads YYYY-MM-DD, with HH:MM or HH:MM:SS after a space or T (worked out by hand)', () => {
    // 2024-01-01 is day 19723 (54 years of 365 days + 13 leap days since 1970); August 9 is
    // 31+29+31+30+31+30+31 + 8 = 221 days later: day 19944, second 19944 × 86400 = 1723161600.
    expect(isoInstantFast('2024-08-09')).toBe(1_723_161_600);
    expect(isoInstantFast('2024-08-09 17:55')).toBe(1_723_161_600 + 17 * 3600 + 55 * 60);
    expect(isoInstantFast('2024-08-09T17:55')).toBe(1_723_226_100);
    expect(isoInstantFast('2024-08-09 17:55:30')).toBe(1_723_226_130);
    expect(isoInstantFast('2024-08-09T00:00:00')).toBe(1_723_161_600);
    expect(isoInstantFast('2024-02-29 23:59:59')).toBe(19_782 * 86_400 + 86_399);
    // Before 1970: one second before the epoch.
    expect(isoInstantFast('1969-12-31 23:59:59')).toBe(-1);
  });

  it('is NaN for every form it does not take, which parseDate then reads (or rejects)', () => {
    const others: Array<[string, number | string]> = [
      ['2024-08-09 24:00', 1_723_161_600 + 86_400], // 24:00 is the end of the day, still 08-09 for the day
      ['2024-08-09 9:05', 1_723_161_600 + 9 * 3600 + 5 * 60], // one-digit hour
      ['2024/8/9 18:00', 1_723_161_600 + 18 * 3600],
      ['２０２４-０８-０９', 1_723_161_600], // full-width digits
      [' 2024-08-09', 1_723_161_600], // outer space
      ['2024-08-09 17:55:30.5', 1_723_226_130], // fraction dropped
      ['2024-08-09T17:55:00Z', 1_723_226_100], // zone ignored
      ['2024-08-09  17:55', 1_723_226_100], // two spaces
      ['2024-02-30 10:00', 'bad_date'],
      ['2024-08-09 23:60', 'bad_date'],
      ['2024-08-09 17:55:60', 'bad_date'],
      ['2023-02-29', 'bad_date'],
      ['', 'missing_value'],
      ['-', 'missing_value'],
    ];
    for (const [text, want] of others) {
      expect(isoInstantFast(text), text).toBeNaN();
      expect(general(text), text).toBe(want);
    }
    expect(parseDate('2024-08-09 24:00').ok && (parseDate('2024-08-09 24:00') as { value: { day: number } }).value.day).toBe(19_944);
  });

  it('agrees with parseDate (instant, day and hasTime) wherever it reads a text', () => {
    const texts = ['2024-08-09', '2024-08-09 00:00', '2024-08-09 00:00:00', '2024-08-09 00:00:01', '2024-08-09T23:59',
      '1000-01-01', '9999-12-31 23:59:59', '2000-02-29T12:00:00', '1970-01-01 00:00'];
    for (const s of texts) {
      const fast = isoInstantFast(s);
      const r = parseDate(s);
      expect(r.ok, s).toBe(true);
      if (!r.ok) continue;
      expect(fast, s).toBe(r.value.instant);
      expect(Math.floor(fast / 86_400), s).toBe(r.value.day);
    }
    // hasTime as before: a written time is a time, even 00:00; `:00` seconds at midnight are not.
    const hasTime = (s: string) => (parseDate(s) as { value: { hasTime: boolean } }).value.hasTime;
    expect([hasTime('2024-08-09'), hasTime('2024-08-09 00:00'), hasTime('2024-08-09 00:00:00'), hasTime('2024-08-09 00:00:01')])
      .toEqual([false, true, false, true]);
  });
});

describe('plainDigits', () => {
  it('reads 1 to 9 ASCII digits and nothing else', () => {
    expect(plainDigits('7')).toBe(7);
    expect(plainDigits('10')).toBe(10);
    expect(plainDigits('010')).toBe(10);
    expect(plainDigits('0')).toBe(0);
    expect(plainDigits('123456789')).toBe(123_456_789);
    for (const s of ['', '1234567890', '5.0', '-1', '+1', ' 8', '8 ', '７', '1e0', '1,000', 'NA']) expect(plainDigits(s), s).toBe(-1);
  });

  it('agrees with parseNumber where it reads a text; parseNumber reads the rest', () => {
    for (const s of ['7', '10', '010', '0', '123456789']) expect(parseNumber(s)).toEqual({ ok: true, value: plainDigits(s) });
    const rest: Array<[string, number]> = [['1234567890', 1_234_567_890], ['5.0', 5], ['-1', -1], [' 8', 8], ['７', 7], ['1e0', 1], ['1,000', 1000]];
    for (const [s, v] of rest) expect(parseNumber(s), s).toEqual({ ok: true, value: v });
  });
});
