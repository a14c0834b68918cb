/** Zeek TSV header state: separators and the sentinels for unset and empty values. */
export interface ZeekTsvHeader {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: string[] | undefined;
  types: string[] | undefined;
}

export function defaultZeekHeader(): ZeekTsvHeader {
  return {
    separator: '\t',
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    path: undefined,
    fields: undefined,
    types: undefined,
  };
}

/** Undoes Zeek's `\xHH` escaping of separators and non-printable bytes. */
export function unescapeZeek(value: string): string {
  if (!value.includes('\\x')) return value;
  return value.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

function scalar(value: string, type: string): unknown {
  switch (type) {
    case 'count':
    case 'int':
    case 'port':
    case 'double':
    case 'interval':
    case 'time': {
      const number = Number(value);
      return Number.isFinite(number) ? number : value;
    }
    case 'bool':
      return value === 'T' ? true : value === 'F' ? false : value;
    default:
      return unescapeZeek(value);
  }
}

/**
 * A TSV cell as Zeek's JSON writer would give it: numbers for count/int/port/double/interval/time,
 * booleans for bool, arrays for set[...] and vector[...]; undefined for the unset marker.
 */
export function convertZeekValue(value: string, type: string | undefined, header: ZeekTsvHeader): unknown {
  if (value === header.unsetField) return undefined;
  const container = type ? /^(?:set|vector|table)\[(.+)\]$/.exec(type) : null;
  if (container) {
    if (value === header.emptyField) return [];
    return value.split(header.setSeparator).map((item) => scalar(item, container[1] as string));
  }
  if (value === header.emptyField) return '';
  return scalar(value, type ?? 'string');
}
