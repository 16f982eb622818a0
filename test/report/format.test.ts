import { describe, it, expect } from 'vitest';
import {
  roundText, roundNumber, formatMoney, formatPercent, formatHours, formatCount, formatMetricValue,
  formatAchievement, formatScore, displayWidth, groupThousands, currencySign,
} from '../../src/report/format.js';

describe('decimal-correct rounding', () => {
  it('rounds half-up on the decimal text, not the binary float', () => {
    expect((1.005).toFixed(2)).toBe('1.00'); // the trap
    expect(roundText(1.005, 2)).toBe('1.01');
    expect(roundNumber(980000.005, 2)).toBe(980000.01);
    expect(roundText(-0.005, 2)).toBe('-0.01'); // ties away from zero, as Excel ROUND
    expect(roundText(-0.004, 2)).toBe('0.00'); // no "-0.00"
    expect(roundNumber(null, 2)).toBeNull();
    expect(roundNumber(Number.NaN, 2)).toBeNull();
  });
});

describe('formatting for people', () => {
  it('money: no decimals, sign by currency', () => {
    expect(formatMoney(1234567.891, 'CNY')).toBe('¥1,234,568');
    expect(formatMoney(1234567.5, 'CNY')).toBe('¥1,234,568');
    expect(formatMoney(-12345.5, 'CNY')).toBe('-¥12,346');
    expect(formatMoney(999, 'USD')).toBe('$999');
    expect(formatMoney(1000, 'HKD')).toBe('HKD 1,000');
    expect(currencySign('eur')).toBe('€');
    expect(groupThousands('-1234567.25')).toBe('-1,234,567.25');
  });
  it('ratios, hours, nps, counts, per_day', () => {
    expect(formatPercent(0.8523)).toBe('85.2%');
    expect(formatPercent(0.0005)).toBe('0.1%');
    expect(formatPercent(1.5)).toBe('150.0%');
    expect(formatHours(3.44)).toBe('3.4 h');
    expect(formatHours(3.45, 'zh')).toBe('3.5 小时');
    expect(formatMetricValue('nps', 42.4, 'CNY')).toBe('42');
    expect(formatMetricValue('nps', -12.5, 'CNY')).toBe('-13');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(3.75)).toBe('3.75');
    expect(formatCount(2.5)).toBe('2.5');
    expect(formatMetricValue('per_day', 2.25, 'CNY')).toBe('2.3');
    expect(formatMetricValue('ratio', 0.1, 'CNY')).toBe('10.0%');
    expect(formatMetricValue('money', null, 'CNY')).toBe('—');
    expect(formatAchievement(-0.0102875)).toBe('-1.0%');
    expect(formatScore(108.88888)).toBe('108.9');
    expect(formatScore(null)).toBe('—');
  });
  it('display width counts CJK double and ANSI escapes zero', () => {
    expect(displayWidth('张伟')).toBe(4);
    expect(displayWidth('a张\uFF0C')).toBe(5); // fullwidth comma
    expect(displayWidth('\u001b[32m85%\u001b[39m')).toBe(3);
    expect(displayWidth('¥1,234')).toBe(6);
  });
});
