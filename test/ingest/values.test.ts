import { describe, it, expect } from 'vitest';
import { currencyCode, currencyOfAmount, parseDate, parseMoney, parseNumber, parsePercent, parsePercentE6, parseBool, fromExcelSerial, isBlank, e4ToDecimal, cellText, parseId } from '../../src/ingest/values.js';
import { CellError } from '../../src/io/table-source.js';
import { isoDay, isoInstant, dayFromYmd } from '../../src/engine/calendar.js';

const day = (v: Parameters<typeof parseDate>[0], order: Parameters<typeof parseDate>[1] = 'auto') => {
  const r = parseDate(v, order);
  return r.ok ? isoDay(r.value.day) : r.code;
};
const inst = (v: Parameters<typeof parseDate>[0], order: Parameters<typeof parseDate>[1] = 'auto') => {
  const r = parseDate(v, order);
  return r.ok ? isoInstant(r.value.instant) : r.code;
};

describe('parseDate', () => {
  it('reads year-first text forms', () => {
    expect(day('2024-07-01')).toBe('2024-07-01');
    expect(inst('2024-07-01T14:05:00')).toBe('2024-07-01T14:05:00');
    expect(inst('2024/7/1 14:05')).toBe('2024-07-01T14:05:00');
    expect(inst('2024/1/1 8:41')).toBe('2024-01-01T08:41:00');
    expect(day('2024.7.1')).toBe('2024-07-01');
    expect(day('2024年7月1日')).toBe('2024-07-01');
    expect(inst('2024年7月1日 14时05分')).toBe('2024-07-01T14:05:00');
    expect(day('20240701')).toBe('2024-07-01');
    expect(day('２０２４－０７－０１')).toBe('2024-07-01');
    expect(inst('2024-10-30 15:15:11.744884')).toBe('2024-10-30T15:15:11');
    expect(inst('2024-07-01 2:05 PM')).toBe('2024-07-01T14:05:00');
    expect(inst('2024-07-01 12:30 AM')).toBe('2024-07-01T00:30:00');
    expect(day('1 Jul 2024')).toBe('2024-07-01');
    expect(day('Jul 1, 2024')).toBe('2024-07-01');
    // Excel's English short date: a month name makes a two-digit year safe (00–29 → 20xx, 30–99 → 19xx).
    expect(day('1-Jul-24')).toBe('2024-07-01');
    expect(day('01-JUL-2024')).toBe('2024-07-01');
    expect(inst('15-Aug-29 09:30')).toBe('2029-08-15T09:30:00');
    expect(day('15-Aug-30')).toBe('1930-08-15');
    expect(day('31-Feb-24')).toBe('bad_date');
    expect(day('1/7/24')).toBe('bad_date'); // without a month name a two-digit year is not read
  });
  it('flags a date-only value as having no time', () => {
    const r = parseDate('2024-07-01');
    expect(r.ok && r.value.hasTime).toBe(false);
    const t = parseDate('2024-07-01 00:00:01');
    expect(t.ok && t.value.hasTime).toBe(true);
  });
  it('never guesses day/month order under auto', () => {
    expect(day('03/04/2024')).toBe('ambiguous_date');
    expect(day('25/04/2024')).toBe('ambiguous_date');
    expect(day('03/04/2024', 'DMY')).toBe('2024-04-03');
    expect(day('03/04/2024', 'MDY')).toBe('2024-03-04');
    expect(day('25/04/2024', 'DMY')).toBe('2024-04-25');
    expect(day('25/04/2024', 'MDY')).toBe('bad_date');
    expect(day('03/04/2024', 'YMD')).toBe('bad_date');
    expect(day('2024-07-01', 'DMY')).toBe('2024-07-01');
  });
  it('rejects impossible dates and junk', () => {
    expect(day('2023-02-29')).toBe('bad_date');
    expect(day('2024-13-01')).toBe('bad_date');
    expect(day('2024-07-01 25:00')).toBe('bad_date');
    expect(day('yesterday')).toBe('bad_date');
    expect(day('7/1/24', 'MDY')).toBe('bad_date');
    expect(day('45474')).toBe('bad_date');
    expect(day('')).toBe('missing_value');
    expect(day(null)).toBe('missing_value');
    expect(day(true)).toBe('bad_date');
  });
  it('reads Excel serials in the 1900 system, with the leap-year bug', () => {
    expect(day(45474)).toBe('2024-07-01');
    expect(day(1)).toBe('1900-01-01');
    expect(day(59)).toBe('1900-02-28');
    expect(day(60)).toBe('bad_date');
    expect(day(61)).toBe('1900-03-01');
    expect(inst(45474.5)).toBe('2024-07-01T12:00:00');
    expect(inst(45474.99998)).toBe('2024-07-01T23:59:58');
    expect(inst(45474.9999999)).toBe('2024-07-02T00:00:00');
    expect(fromExcelSerial(0).ok).toBe(false);
    expect(fromExcelSerial(-5).ok).toBe(false);
  });
  it('reads xlsx date cells as wall-clock parts', () => {
    expect(inst({ y: 2024, m: 7, d: 1, hh: 14, mi: 5, ss: 0 })).toBe('2024-07-01T14:05:00');
    expect(day({ y: 2024, m: 2, d: 30, hh: 0, mi: 0, ss: 0 })).toBe('bad_date');
  });
  it('returns days since 1970 and instants in seconds', () => {
    const r = parseDate('1970-01-02 00:00:10');
    expect(r.ok && r.value.day).toBe(1);
    expect(r.ok && r.value.instant).toBe(86_410);
    expect(parseDate('2024-07-01').ok && (parseDate('2024-07-01') as { value: { day: number } }).value.day).toBe(dayFromYmd(2024, 7, 1));
  });
});

const money = (v: Parameters<typeof parseMoney>[0]) => {
  const r = parseMoney(v);
  return r.ok ? r.value : r.code;
};

describe('parseMoney (integer ten-thousandths)', () => {
  it('reads currency forms exactly', () => {
    expect(money('¥1,234.50')).toBe(12_345_000);
    expect(money('￥1234.5')).toBe(12_345_000);
    expect(money('-¥1,234.50')).toBe(-12_345_000);
    expect(money('¥-1,234.50')).toBe(-12_345_000);
    expect(money('(1,234.50)')).toBe(-12_345_000);
    expect(money('-1234.5')).toBe(-12_345_000);
    expect(money('1,234.5元')).toBe(12_345_000);
    expect(money('$1,234.50')).toBe(12_345_000);
    expect(money('USD 1,234.50')).toBe(12_345_000);
    expect(money(' 1 234.50 ')).toBe(12_345_000);
    expect(money('１，２３４．５')).toBe(12_345_000);
    expect(money('0.0001')).toBe(1);
    expect(money('.5')).toBe(5_000);
    expect(money('0')).toBe(0);
    expect(money('-0')).toBe(0);
  });
  it('refuses an amount marked in another currency than the plan\'s', () => {
    const cny = (v: string) => { const r = parseMoney(v, 'CNY'); return r.ok ? r.value : r.reason; };
    expect(cny('¥1,234.50')).toBe(12_345_000);
    expect(cny('1,234.5元')).toBe(12_345_000);
    expect(cny('RMB 100')).toBe(1_000_000);
    expect(cny('人民币100')).toBe(1_000_000);
    expect(cny('1234.50')).toBe(12_345_000); // no mark: the plan's currency
    expect(cny('€100')).toBe('"€100" is in EUR, but the plan\'s currency is CNY; convert the amounts, or set `currency:` in the plan');
    expect(cny('HK$100')).toContain('is in HKD');
    expect(cny('USD 1,234.50')).toContain('is in USD');
    expect(cny('$5')).toContain('is in dollars');
    expect(cny('100 GBP')).toContain('is in GBP');
    const usd = (v: string) => { const r = parseMoney(v, 'USD'); return r.ok ? r.value : r.code; };
    expect(usd('$1,234.50')).toBe(12_345_000);
    expect(usd('US$5')).toBe(50_000);
    expect(usd('¥5')).toBe('bad_amount');
    expect(parseMoney('¥5', 'JPY').ok).toBe(true); // ¥ is yen too
    expect(parseMoney('$5', 'HKD').ok).toBe(true); // a bare $ is any dollar
    expect(parseMoney('€5', null).ok).toBe(true); // an unknown plan currency checks nothing
    expect([currencyCode('CNY'), currencyCode('rmb'), currencyCode('人民币'), currencyCode('usd'), currencyCode('dollars')]).toEqual(['CNY', 'CNY', 'CNY', 'USD', null]);
    expect(['¥1.5', '(€1,000)', '-$5', '5元', 'HK$ 9', '1234', '1,234 USD'].map(currencyOfAmount)).toEqual(['CNY', 'EUR', 'USD', 'CNY', 'HKD', null, 'USD']);
  });
  it('reads Chinese multipliers', () => {
    expect(money('1.2万')).toBe(12_000 * 10_000);
    expect(money('3亿')).toBe(300_000_000 * 10_000);
    expect(money('1.2万元')).toBe(12_000 * 10_000);
    expect(money('0.00015万')).toBe(1.5 * 10_000);
  });
  it('rounds beyond 4 decimals half away from zero, without floats', () => {
    expect(money('1.00005')).toBe(10_001);
    expect(money('1.00004')).toBe(10_000);
    expect(money('-1.00005')).toBe(-10_001);
    expect(money('129.696')).toBe(1_296_960);
    expect(money(1.005)).toBe(10_050);
    expect(money(0.1 + 0.2)).toBe(3_000);
    expect(money(1234.5)).toBe(12_345_000);
    expect(money(1e21)).toBe('bad_amount');
  });
  it('rejects ambiguous European forms and junk', () => {
    expect(money('1.234,50')).toBe('bad_amount');
    expect(money('1 234,50')).toBe('bad_amount');
    expect(money('1,23')).toBe('bad_amount');
    expect(money('12,34,567')).toBe('bad_amount');
    expect(money('abc')).toBe('bad_amount');
    expect(money('#N/A')).toBe('missing_value');
    expect(money('#DIV/0!')).toBe('bad_amount');
    expect(money('--5')).toBe('bad_amount');
    expect(money('-¥-5')).toBe('bad_amount');
    expect(money('(-5)')).toBe('bad_amount');
    expect(money('')).toBe('missing_value');
  });
  it('formats back to decimal text', () => {
    expect(e4ToDecimal(12_345_000)).toBe('1234.5');
    expect(e4ToDecimal(-1)).toBe('-0.0001');
    expect(e4ToDecimal(120_000_000)).toBe('12000');
  });
});

describe('parseNumber / parsePercent / parseBool / isBlank', () => {
  it('numbers', () => {
    const n = (v: string | number) => { const r = parseNumber(v); return r.ok ? r.value : r.code; };
    expect(n('5.0')).toBe(5);
    expect(n('1,234')).toBe(1234);
    expect(n('-3.5')).toBe(-3.5);
    expect(n('1e3')).toBe(1000);
    expect(n('００１２３')).toBe(123);
    expect(n('1,5')).toBe('bad_number');
    expect(n('x')).toBe('bad_number');
    expect(n(7)).toBe(7);
  });
  it('percentages: 85% and 0.85 agree; bare 85 only where allowed', () => {
    const p = (v: string | number, bare = false) => { const r = parsePercent(v, { bareAbove1IsPercent: bare }); return r.ok ? r.value : r.code; };
    expect(p('85%')).toBe(0.85);
    expect(p('0.85')).toBe(0.85);
    expect(p(0.85)).toBe(0.85);
    expect(p('85')).toBe('bad_percent');
    expect(p('85', true)).toBe(0.85);
    expect(p('1', true)).toBe(1);
    expect(p('50%')).toBe(0.5);
    expect(p('abc')).toBe('bad_percent');
    const e6 = parsePercentE6('33.3333%');
    expect(e6.ok && e6.value).toBe(333_333);
  });
  it('booleans: the documented set only', () => {
    const b = (v: string | number | boolean) => { const r = parseBool(v); return r.ok ? r.value : r.code; };
    for (const t of ['是', 'yes', 'Y', 'TRUE', '1', '满意', true, 1]) expect(b(t)).toBe(true);
    for (const f of ['否', 'No', 'n', 'false', '0', '不满意', false, 0]) expect(b(f)).toBe(false);
    expect(b('maybe')).toBe('bad_boolean');
    expect(b('已升级')).toBe('bad_boolean');
    expect(b(2)).toBe('bad_boolean');
  });
  it('blank markers', () => {
    for (const v of ['', '  ', 'NULL', 'None', 'NA', 'n/a', '-', null]) expect(isBlank(v)).toBe(true);
    for (const v of ['0', 0, false, 'x']) expect(isBlank(v)).toBe(false);
  });
});

describe('an xlsx error cell', () => {
  it('is no value of any kind: each parser fails with its own code and names the cell and the error', () => {
    const e = new CellError('#DIV/0!', '销售!E3', 'F3/0');
    expect([parseDate(e), parseMoney(e), parseNumber(e), parsePercent(e), parseBool(e)].map((r) => (r.ok ? r.value : r.code)))
      .toEqual(['bad_date', 'bad_amount', 'bad_number', 'bad_percent', 'bad_boolean']);
    const r = parseMoney(e);
    expect(r.ok ? '' : r.reason).toBe('cell 销售!E3 holds the Excel error #DIV/0!, the result of its formula =F3/0: correct the formula in the workbook and save it again');
    expect(isBlank(e)).toBe(false);
    expect(parseId(e)).toBe(null);
    expect(cellText(e)).toBe('#DIV/0!');
  });
});
