// JSON.parse that keeps integers beyond 2^53 exact. Python's json.dump writes an int64 such as
// 9007199254740993 as a plain number, and JSON.parse would round it to the nearest double. Every
// integer literal whose magnitude is beyond Number.MAX_SAFE_INTEGER is read as its decimal string
// instead ("9007199254740993"), which the tensor codec takes exactly for int64/uint64 (and as a
// number for the other numeric types). Everything else parses exactly as JSON.parse does.
//
// Why hand-written rather than a library: json-bigint (last release 2020, depends on bignumber.js)
// and lossless-json (maintained, no dependencies) are full JavaScript parsers, several times slower
// than the native JSON.parse on the studio's and server's big bodies (tens of MB of floats), and
// they return their own number types that every consumer would have to know. Here the native
// parser does all the work: one regular-expression test decides whether the text can hold such a
// literal at all (it cannot when no value starts with 16 digits, the case of every float body);
// only then does a scanner rewrite those literals, skipping strings, before JSON.parse.

/**
 * A value that starts with 16+ digits: in JSON a value follows "[", ",", ":" or whitespace, or
 * starts the text. Necessary for an unsafe integer literal, not sufficient (it may be a float's
 * integer part, or sit in a string): the scan decides. A leading character class lets the regexp
 * engine skip ahead fast: 50 ms on a 47 MB float body, against 120 ms for a lookbehind form.
 */
const CANDIDATE = /[,[:\s]-?\d{16}/;
const STARTS_WITH_NUMBER = /^-?\d/;
const MAX = BigInt(Number.MAX_SAFE_INTEGER);

export function parseJsonExact(text: string): unknown {
  if (!CANDIDATE.test(text) && !STARTS_WITH_NUMBER.test(text)) return JSON.parse(text);
  const rewritten = quoteUnsafeIntegers(text);
  try {
    return JSON.parse(rewritten);
  } catch {
    return JSON.parse(text); // invalid JSON: the native message, with positions in the text as given
  }
}

/** The text with each unsafe integer literal outside strings turned into a JSON string of its digits. */
export function quoteUnsafeIntegers(text: string): string {
  const parts: string[] = [];
  let last = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else if (d === 0x22) break;
        else i++;
      }
      i++;
    } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
      const start = i;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      const end = i;
      let integer = true;
      while (i < n && isNumberChar(text.charCodeAt(i))) {
        integer = false;
        i++;
      }
      const digits = end - start - (c === 0x2d ? 1 : 0);
      if (integer && digits >= 16) {
        const literal = text.slice(start, end);
        const v = BigInt(literal);
        if (v > MAX || v < -MAX) {
          parts.push(text.slice(last, start), '"', literal, '"');
          last = end;
        }
      }
    } else i++;
  }
  if (last === 0) return text;
  parts.push(text.slice(last));
  return parts.join('');
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** Characters that continue a number after its integer part: . e E + - and digits. */
const isNumberChar = (c: number) => isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === 0x2d;
