import { describe, it, expect } from 'vitest';
import { toCsv, csvField, neutralizeText } from '../../src/report/csv.js';

describe('csv writer', () => {
  it('writes a BOM, CRLF after every record, RFC 4180 quoting', () => {
    const text = toCsv(['a', 'b'], [['x,y', 'say "hi"'], ['line\nbreak', null], [1.5, true]]);
    expect(text).toBe('\uFEFFa,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n1.5,true\r\n');
  });
  it('LF and no BOM on request', () => {
    expect(toCsv(['a'], [['张伟']], { eol: '\n', bom: false })).toBe('a\n张伟\n');
  });
  it('neutralises formula-like text but leaves numbers alone', () => {
    expect(csvField('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-x')).toBe("'-x");
    expect(csvField('@x')).toBe("'@x");
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('\nx')).toBe('"\'\nx"');
    expect(csvField(-5)).toBe('-5');
    expect(csvField('-5')).toBe("'-5"); // text stays text
    expect(csvField('a=b')).toBe('a=b');
    expect(neutralizeText('张伟')).toBe('张伟');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(-0)).toBe('0');
  });
});
