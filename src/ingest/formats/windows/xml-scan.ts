/**
 * The pieces of Windows event XML that `windows-xml.ts` reads, found by scanning forward once.
 * Each function finds exactly what the regular expression in its comment found on V8, without
 * V8's rescans: those forms backtrack through a quoted value or an element name (`\1`) and rescan
 * the rest of the text from every `<Data` or `<Provider` that never closes, quadratic in a record
 * an attacker wrote (and they use backreferences, which the linear engine cannot run).
 */

const isWordCode = (code: number) =>
  (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameStartCode = (code: number) => (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isNameCode = (code: number) => isWordCode(code) || code === 46 || code === 45;

/** JavaScript's `\s`. */
function isWhiteSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** The first index of `needle` at or after `from`, for calls whose `from` never decreases: each character is read at most once. */
function forwardSearch(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -2 || (found !== -1 && found < from)) found = text.indexOf(needle, from);
    return found;
  };
}

/** `<E\b[^>]*>([^<]*)</E>`: the text of the first element `element` holding only text. */
export function firstElementText(xml: string, element: string): string | undefined {
  const open = `<${element}`;
  const close = `</${element}>`;
  const nextGt = forwardSearch(xml, '>');
  const nextLt = forwardSearch(xml, '<');
  let from = 0;
  for (;;) {
    const start = xml.indexOf(open, from);
    if (start === -1) return undefined;
    const afterName = start + open.length;
    if (afterName < xml.length && isWordCode(xml.charCodeAt(afterName))) {
      from = start + 1;
      continue;
    }
    const gt = nextGt(afterName);
    if (gt === -1) return undefined;
    const lt = nextLt(gt + 1);
    if (lt === -1) return undefined;
    if (xml.startsWith(close, lt)) return xml.slice(gt + 1, lt);
    // Every start before `gt` reaches the same `>` and the same `<`: none of them matches.
    from = gt + 1;
  }
}

/** `<E\b[^>]*?\bN=(['"])(.*?)\1` (dotAll): the value of the first attribute `name` of an element `element`. */
export function firstAttribute(xml: string, element: string, name: string): string | undefined {
  const open = `<${element}`;
  const key = `${name}=`;
  const nextGt = forwardSearch(xml, '>');
  const nextKey = forwardSearch(xml, key);
  const lastQuote = { "'": xml.lastIndexOf("'"), '"': xml.lastIndexOf('"') };
  let from = 0;
  for (;;) {
    const start = xml.indexOf(open, from);
    if (start === -1) return undefined;
    const afterName = start + open.length;
    if (afterName < xml.length && isWordCode(xml.charCodeAt(afterName))) {
      from = start + 1;
      continue;
    }
    const gt = nextGt(afterName);
    const end = gt === -1 ? xml.length : gt;
    for (let at = nextKey(afterName); at !== -1 && at < end; at = nextKey(at + 1)) {
      if (isWordCode(xml.charCodeAt(at - 1))) continue;
      const quote = xml[at + key.length];
      if (quote !== "'" && quote !== '"') continue;
      const valueStart = at + key.length + 1;
      if (lastQuote[quote] < valueStart) continue;
      return xml.slice(valueStart, xml.indexOf(quote, valueStart));
    }
    // Every start before `gt` sees a suffix of the same attributes: none of them matches.
    if (gt === -1) return undefined;
    from = gt + 1;
  }
}

export interface DataElement {
  /** The `Name` attribute, as written (undefined for an unnamed `<Data>`). */
  name: string | undefined;
  /** The element's content, as written (undefined for `<Data/>`). */
  text: string | undefined;
}

/** `<Data(?:\s+Name=(['"])(.*?)\1)?\s*(?:\/>|>([\s\S]*?)<\/Data>)` (global): every `<Data>` element, in order. */
export function dataElements(xml: string): DataElement[] {
  const found: DataElement[] = [];
  if (!xml.includes('<Data')) return found;
  const scan = new DataScan(xml);
  let from = 0;
  for (;;) {
    const start = xml.indexOf('<Data', from);
    if (start === -1) return found;
    const match = scan.at(start);
    if (match) {
      found.push({ name: match.name, text: match.text });
      from = match.end;
    } else from = start + 1;
  }
}

interface Rest {
  end: number;
  text: string | undefined;
}

class DataScan {
  private closes: number[] | undefined;
  private readonly goodQuotes = new Map<string, number[]>();
  private readonly nextQuote: Record<string, (from: number) => number>;
  private lineEndFound = -2;

  constructor(private readonly xml: string) {
    this.nextQuote = { "'": forwardSearch(xml, "'"), '"': forwardSearch(xml, '"') };
  }

  /** The match starting at `start` (where `<Data` is), if any. Calls come with increasing `start`. */
  at(start: number): (Rest & { name: string | undefined }) | undefined {
    const { xml } = this;
    const afterName = start + '<Data'.length;
    const keyAt = this.skipWhiteSpace(afterName);
    const quote = xml[keyAt + 'Name='.length];
    if (keyAt > afterName && xml.startsWith('Name=', keyAt) && (quote === "'" || quote === '"')) {
      const valueStart = keyAt + 'Name='.length + 1;
      const lineEnd = this.lineEnd(valueStart);
      // The nearest closing quote first (the common case), then the nearest one whose rest matches.
      const nearest = this.nextQuote[quote]?.(valueStart) ?? -1;
      if (nearest !== -1 && nearest < lineEnd) {
        const rest = this.rest(nearest + 1) ?? this.restAfterQuote(quote, nearest + 1, lineEnd);
        if (rest) return { ...rest, name: xml.slice(valueStart, rest.quote) };
      }
    }
    const rest = this.rest(afterName);
    return rest && { end: rest.end, text: rest.text, name: undefined };
  }

  /** `\s*(?:\/>|>([\s\S]*?)<\/Data>)` at `from`. */
  private rest(from: number): (Rest & { quote: number }) | undefined {
    const { xml } = this;
    const at = this.skipWhiteSpace(from);
    if (xml.startsWith('/>', at)) return { end: at + 2, text: undefined, quote: from - 1 };
    if (xml[at] !== '>') return undefined;
    const close = this.closeAfter(at + 1);
    return close === -1
      ? undefined
      : { end: close + '</Data>'.length, text: xml.slice(at + 1, close), quote: from - 1 };
  }

  /** The nearest quote at or after `from` and before `lineEnd` whose rest matches. */
  private restAfterQuote(quote: string, from: number, lineEnd: number): (Rest & { quote: number }) | undefined {
    let good = this.goodQuotes.get(quote);
    if (!good) {
      good = [];
      for (let at = this.xml.indexOf(quote); at !== -1; at = this.xml.indexOf(quote, at + 1))
        if (this.rest(at + 1)) good.push(at);
      this.goodQuotes.set(quote, good);
    }
    const at = good[firstAtLeast(good, from)];
    return at !== undefined && at < lineEnd ? this.rest(at + 1) : undefined;
  }

  private closeAfter(from: number): number {
    if (!this.closes) {
      this.closes = [];
      for (let at = this.xml.indexOf('</Data>'); at !== -1; at = this.xml.indexOf('</Data>', at + 1))
        this.closes.push(at);
    }
    return this.closes[firstAtLeast(this.closes, from)] ?? -1;
  }

  /** The first line terminator (`.` stops there) at or after `from`; calls come with increasing `from`. */
  private lineEnd(from: number): number {
    if (this.lineEndFound !== -2 && (this.lineEndFound >= from || this.lineEndFound === this.xml.length))
      return this.lineEndFound;
    let at = from;
    for (; at < this.xml.length; at++) {
      const code = this.xml.charCodeAt(at);
      if (code === 10 || code === 13 || code === 0x2028 || code === 0x2029) break;
    }
    this.lineEndFound = at;
    return at;
  }

  private skipWhiteSpace(from: number): number {
    let at = from;
    while (at < this.xml.length && isWhiteSpaceCode(this.xml.charCodeAt(at))) at++;
    return at;
  }
}

/** The index of the first element of sorted `values` that is at least `value` (values.length when none). */
function firstAtLeast(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** `<([A-Za-z_][\w.-]*)(?:\s[^>]*)?>([^<]*)<\/\1>` (global): every element holding only text, in order. */
export function leafElements(xml: string): Array<{ name: string; text: string }> {
  const found: Array<{ name: string; text: string }> = [];
  const nextGt = forwardSearch(xml, '>');
  const nextLt = forwardSearch(xml, '<');
  let from = 0;
  for (;;) {
    const start = xml.indexOf('<', from);
    if (start === -1 || start + 1 >= xml.length) return found;
    if (!isNameStartCode(xml.charCodeAt(start + 1))) {
      from = start + 1;
      continue;
    }
    let nameEnd = start + 2;
    while (nameEnd < xml.length && isNameCode(xml.charCodeAt(nameEnd))) nameEnd++;
    let gt: number;
    if (xml[nameEnd] === '>') gt = nameEnd;
    else if (nameEnd < xml.length && isWhiteSpaceCode(xml.charCodeAt(nameEnd))) {
      gt = nextGt(nameEnd + 1);
      if (gt === -1) return found;
    } else {
      from = start + 1;
      continue;
    }
    const lt = nextLt(gt + 1);
    if (lt === -1) return found;
    const name = xml.slice(start + 1, nameEnd);
    if (xml.startsWith(`</${name}>`, lt)) {
      found.push({ name, text: xml.slice(gt + 1, lt) });
      from = lt + name.length + 3;
    } else from = start + 1;
  }
}
