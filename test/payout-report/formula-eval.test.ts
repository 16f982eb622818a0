import { describe, it, expect } from 'vitest';
import { evaluateFormula, gridEvaluator, parseFormula, D, type Value } from '../../src/report/formula-eval.js';

const none = (): Value => null;
const ev = (f: string, cells: Record<string, number | null> = {}): string => {
  const v = evaluateFormula(f, 'Payout', (sheet, col, row) => {
    const k = `${sheet}!${String.fromCharCode(64 + col)}${row}`;
    return k in cells ? (cells[k] === null ? null : new D(String(cells[k]))) : null;
  });
  return v instanceof D ? v.toFixed() : String(v);
};

describe('formula evaluator', () => {
  it('rounds half away from zero like Excel ROUND', () => {
    expect(ev('ROUND(-60.015,2)')).toBe('-60.02');
    expect(ev('ROUND(1.005,2)')).toBe('1.01');
    expect(ev('ROUND(2.5,0)')).toBe('3');
    expect(ev('ROUND(-0.005,2)')).toBe('-0.01');
  });
  it('computes in exact decimals (0.1 + 0.2 = 0.3)', () => {
    expect(ev('=0.1+0.2')).toBe('0.3');
    expect(ev('1-2*3')).toBe('-5');
    expect(ev('-(2+3)*2')).toBe('-10');
    expect(ev('10/4')).toBe('2.5');
  });
  it('reads references with $ and other sheets; blank is 0 but not a number', () => {
    expect(ev('A2*Rules!$G$3', { 'Payout!A2': 300000, 'Rules!G3': 0.05 })).toBe('15000');
    expect(ev('A2+1')).toBe('1');
    expect(ev('IF(ISNUMBER(A2),1,0)')).toBe('0');
    expect(ev('IF(ISNUMBER(A2),1,0)', { 'Payout!A2': 0 })).toBe('1');
  });
  it('compares and branches', () => {
    expect(ev('IF(3>=3,1,2)')).toBe('1');
    expect(ev('IF(3<>3,1,2)')).toBe('2');
    expect(ev('IF(2<=1,1,IF(2<3,5,6))')).toBe('5');
  });
  it('sums ranges, skips blanks; MIN/MAX', () => {
    expect(ev('SUM(A2:C2)', { 'Payout!A2': 1.5, 'Payout!C2': 2 })).toBe('3.5');
    expect(ev('MIN(MAX(-5,0),3)')).toBe('0');
    expect(ev("SUM('Payout'!A1:A3)", { 'Payout!A1': 1, 'Payout!A2': 2, 'Payout!A3': 3 })).toBe('6');
  });
  it('refuses what it does not know', () => {
    expect(() => parseFormula('VLOOKUP(A1,B1:C3,2)')).not.toThrow();
    expect(() => evaluateFormula('VLOOKUP(A1,B1:C3,2)', 'S', none)).toThrow(/unsupported function VLOOKUP/);
    expect(() => parseFormula('A1&"x"')).toThrow();
    expect(() => parseFormula('1+')).toThrow();
  });
  it('evaluates formulas referring to formulas, and detects cycles', () => {
    const cells: Record<string, { formula?: string; value?: number }> = {
      'S!1,1': { value: 2 }, 'S!2,1': { formula: 'A1*3' }, 'S!3,1': { formula: 'B1+A1' },
      'S!1,2': { formula: 'A2' },
    };
    const g = gridEvaluator((s, c, r) => cells[`${s}!${c},${r}`]);
    expect((g.value('S', 3, 1) as InstanceType<typeof D>).toFixed()).toBe('8');
    expect(() => g.value('S', 1, 2)).toThrow(/circular/);
  });
});
