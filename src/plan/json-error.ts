/**
 * Where a JSON text first goes wrong, for plan_syntax messages. `JSON.parse` in Node 20 often
 * gives no position ("Unexpected token ']', "…},\n  ]" is not valid JSON"), which read as 1:1;
 * this scanner walks the text as JSON and returns the offset and a short reason — a trailing
 * comma is reported at the comma. Pure; only called once JSON.parse has failed.
 */
export interface JsonError { offset: number; message: string }

export function findJsonError(text: string): JsonError | null {
  let i = 0;
  const n = text.length;
  const ws = () => { while (i < n && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++; };
  const fail = (offset: number, message: string): never => { throw { offset, message } as JsonError; };
  const shown = (k: number) => (k >= n ? 'the end of the file' : JSON.stringify(text[k]));

  const str = () => {
    const start = i++;
    while (i < n) {
      const c = text[i];
      if (c === '"') { i++; return; }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i, 'bad \\u escape in a string');
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i, `bad escape \\${e ?? ''} in a string`);
        continue;
      }
      if (c === '\n' || c.charCodeAt(0) < 0x20) fail(i, 'a string must end on its own line (unescaped line break or control character)');
      i++;
    }
    fail(start, 'a string is not closed (missing ")');
  };
  const num = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail(i, `unexpected ${shown(i)}`);
    i += m![0].length;
  };
  const value = (): void => {
    ws();
    if (i >= n) fail(i, 'unexpected end of the file: a value is missing');
    const c = text[i];
    if (c === '{') {
      i++; ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(i, `expected a key in double quotes, got ${shown(i)}`);
        str(); ws();
        if (text[i] !== ':') fail(i, `expected ":" after the key, got ${shown(i)}`);
        i++;
        value(); ws();
        if (text[i] === ',') {
          const comma = i++;
          ws();
          if (text[i] === '}') fail(comma, 'trailing comma before "}": JSON allows no comma after the last entry');
          continue;
        }
        if (text[i] === '}') { i++; return; }
        fail(i, `expected "," or "}" after a value, got ${shown(i)}`);
      }
    }
    if (c === '[') {
      i++; ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(); ws();
        if (text[i] === ',') {
          const comma = i++;
          ws();
          if (text[i] === ']') fail(comma, 'trailing comma before "]": JSON allows no comma after the last item');
          continue;
        }
        if (text[i] === ']') { i++; return; }
        fail(i, `expected "," or "]" after an item, got ${shown(i)}`);
      }
    }
    if (c === '"') return str();
    for (const w of ['true', 'false', 'null']) if (text.startsWith(w, i)) { i += w.length; return; }
    if (c === '-' || (c >= '0' && c <= '9')) return num();
    if (c === "'") fail(i, 'strings need double quotes (") in JSON');
    fail(i, `unexpected ${shown(i)}`);
  };
  try {
    value(); ws();
    if (i < n) fail(i, `unexpected ${shown(i)} after the end of the JSON value`);
    return null;
  } catch (e) {
    if (e && typeof e === 'object' && 'offset' in e) return e as JsonError;
    throw e;
  }
}
