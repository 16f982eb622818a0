import { describe, it, expect } from 'vitest';
import iconv from 'iconv-lite';
import { decodePlanBytes } from '../../src/io/plan-file.js';

describe('decodePlanBytes', () => {
  const text = 'company: 示例贸易有限公司\n';
  it('UTF-8 with and without BOM', () => {
    expect(decodePlanBytes(Buffer.from(text, 'utf8'))).toBe(text);
    expect(decodePlanBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]))).toBe(text);
  });
  it('GB18030 when the bytes are not UTF-8', () => {
    expect(decodePlanBytes(iconv.encode(text, 'gb18030'))).toBe(text);
  });
  it('UTF-16LE by BOM', () => {
    expect(decodePlanBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
  });
});
