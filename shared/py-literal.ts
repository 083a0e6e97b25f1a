// The subset of Python literal syntax a .npy header uses (numpy reads it with ast.literal_eval):
// dicts, tuples, lists, str, int (incl. Python 2's `3L`), True/False/None. Nothing is evaluated.

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

export function parsePyLiteral(src: string): PyValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at character ${i} of ${JSON.stringify(src.length > 200 ? `${src.slice(0, 200)}…` : src)}`);
  };
  const ws = () => {
    while (i < src.length && /\s/.test(src[i]!)) i++;
  };
  const value = (): PyValue => {
    ws();
    const c = src[i];
    if (c === '{') return dict();
    if (c === '(' || c === '[') return seq(c === '(' ? ')' : ']');
    if (c === "'" || c === '"') return str();
    if (c !== undefined && /[-+0-9]/.test(c)) return int();
    for (const [word, v] of [
      ['True', true],
      ['False', false],
      ['None', null],
    ] as const) {
      if (src.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return fail('Unexpected token');
  };
  const str = (): string => {
    const q = src[i++]!;
    let out = '';
    while (i < src.length && src[i] !== q) {
      if (src[i] === '\\') {
        const n = src[++i];
        out += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
        i++;
      } else out += src[i++];
    }
    if (src[i] !== q) fail('Unterminated string');
    i++;
    return out;
  };
  const int = (): number => {
    const m = /^[-+]?\d+L?/.exec(src.slice(i, i + 40));
    if (!m) return fail('Bad number');
    i += m[0].length;
    return Number(m[0].replace('L', ''));
  };
  const seq = (close: string): PyValue[] => {
    i++;
    const out: PyValue[] = [];
    for (;;) {
      ws();
      if (src[i] === close) break;
      out.push(value());
      ws();
      if (src[i] === ',') i++;
      else if (src[i] !== close) fail(`Expected ',' or '${close}'`);
    }
    i++;
    return out;
  };
  const dict = (): { [key: string]: PyValue } => {
    i++;
    const out: { [key: string]: PyValue } = Object.create(null);
    for (;;) {
      ws();
      if (src[i] === '}') break;
      const k = value();
      if (typeof k !== 'string') fail('Dict keys must be strings');
      ws();
      if (src[i++] !== ':') fail("Expected ':'");
      out[k as string] = value();
      ws();
      if (src[i] === ',') i++;
      else if (src[i] !== '}') fail("Expected ',' or '}'");
    }
    i++;
    return out;
  };
  const v = value();
  ws();
  if (i !== src.length) fail('Trailing characters');
  return v;
}
