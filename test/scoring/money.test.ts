import { describe, it, expect } from 'vitest';
import { dec, formatMoney, formatPct, fromNumber, toCents } from '../../src/engine/money.js';

describe('money', () => {
  it('rounds half-up, ties away from zero, like Excel ROUND', () => {
    expect(toCents(dec('0.005'))).toBe('0.01');
    expect(toCents(dec('-0.005'))).toBe('-0.01');
    expect(toCents(dec('0.004999'))).toBe('0.00');
    expect(toCents(dec('-0.004'))).toBe('0.00'); // no "-0.00"
    expect(toCents(fromNumber(1.005))).toBe('1.01'); // (1.005).toFixed(2) is "1.00"
    expect(toCents(fromNumber(2.675))).toBe('2.68');
    expect(toCents(dec('13000'))).toBe('13000.00');
  });

  it('converts numbers through their shortest text', () => {
    expect(fromNumber(0.1).plus(fromNumber(0.2)).toString()).toBe('0.3');
    expect(() => fromNumber(NaN)).toThrow();
  });

  it('formats money with thousands separators and no trailing zeros', () => {
    expect(formatMoney(dec('300000'))).toBe('300,000');
    expect(formatMoney('1234.50')).toBe('1,234.5');
    expect(formatMoney(-5000)).toBe('-5,000');
    expect(formatMoney(dec('999.99'))).toBe('999.99');
    expect(formatMoney(dec('1234567.891'))).toBe('1,234,567.891');
    expect(formatMoney(dec('0'))).toBe('0');
    expect(formatMoney(dec('1e21'))).toBe('1,000,000,000,000,000,000,000');
  });

  it('formats fractions as percent', () => {
    expect(formatPct('0.03')).toBe('3%');
    expect(formatPct(0.025)).toBe('2.5%');
    expect(formatPct(1.2)).toBe('120%');
    expect(formatPct(0.86)).toBe('86%');
  });
});
