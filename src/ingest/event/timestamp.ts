const monthIndex: Record<string, number> = {
  jan: 0,
  feb: 1,
  mar: 2,
  apr: 3,
  may: 4,
  jun: 5,
  jul: 6,
  aug: 7,
  sep: 8,
  oct: 9,
  nov: 10,
  dec: 11,
};

const isoPattern =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const epochPattern = /^\d{9,13}(?:\.\d+)?$/;
const syslogPattern = /^([A-Za-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s+(\d{4}))?$/;
const usPattern = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:\s*([AP]M))?$/i;

function toIso(milliseconds: number): string | undefined {
  if (!Number.isFinite(milliseconds)) return undefined;
  const date = new Date(milliseconds);
  const year = date.getUTCFullYear();
  return year < 1970 || year > 9999 ? undefined : date.toISOString();
}

function fractionMilliseconds(fraction: string | undefined): number {
  return fraction ? Number(`0.${fraction}`) * 1000 : 0;
}

function parseOffsetMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** ISO 8601 / RFC 3339 text, with or without zone (none = UTC), `T` or space, any fraction precision. */
function parseIso(text: string): string | undefined {
  const match = isoPattern.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const utc =
    Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second ?? 0)) +
    fractionMilliseconds(fraction) -
    parseOffsetMinutes(zone) * 60_000;
  return toIso(utc);
}

/** `Jun 14 15:16:01` (year from the reference time, pulled back a year if it lands in the future). */
function parseSyslogTime(text: string, referenceTime: Date): string | undefined {
  const match = syslogPattern.exec(text);
  if (!match) return undefined;
  const [, monthName, day, hour, minute, second, fraction, explicitYear] = match;
  const month = monthIndex[(monthName as string).toLowerCase()];
  if (month === undefined) return undefined;
  const build = (year: number) =>
    Date.UTC(year, month, Number(day), Number(hour), Number(minute), Number(second)) + fractionMilliseconds(fraction);
  let year = explicitYear ? Number(explicitYear) : referenceTime.getUTCFullYear();
  if (!explicitYear && build(year) > referenceTime.getTime() + 2 * 86_400_000) year -= 1;
  return toIso(build(year));
}

function parseUsTime(text: string): string | undefined {
  const match = usPattern.exec(text);
  if (!match) return undefined;
  const [, month, day, year, hourText, minute, second, fraction, meridiem] = match;
  let hour = Number(hourText);
  if (meridiem) hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  return toIso(
    Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(minute), Number(second)) +
      fractionMilliseconds(fraction),
  );
}

/**
 * A log time in any of the shapes Vigil meets, as ISO 8601 UTC with milliseconds; undefined when
 * it is not a time. Numbers are epoch seconds (Zeek) or milliseconds when 13 digits long.
 */
export function parseTimestamp(value: unknown, referenceTime: Date = new Date()): string | undefined {
  if (typeof value === 'number') {
    return toIso(value > 1e11 ? value : value * 1000);
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  const first = text.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) {
    if (epochPattern.test(text)) {
      const number = Number(text);
      return toIso(text.indexOf('.') === -1 && text.length >= 13 ? number : number * 1000);
    }
    return parseIso(text) ?? parseUsTime(text);
  }
  const withoutDay = text.replace(/^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s+/i, '');
  return parseSyslogTime(withoutDay, referenceTime);
}
