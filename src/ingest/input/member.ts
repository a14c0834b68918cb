/** One readable stream of log bytes: a plain file, a decompressed `.gz`, an archive member, or stdin. */
export interface Member {
  /** Path shown in events and rejections; archive members as `archive.zip:member/path`. */
  name: string;
  modifiedTime: Date;
  chunks: AsyncIterable<Buffer>;
}

/** What opening the inputs yields: members to read, or inputs that could not be opened at all. */
export type InputItem = { type: 'member'; member: Member } | { type: 'failure'; file: string; reason: string };

/** Archive entries that are metadata, not logs (macOS resource forks, directories). */
export function isArchiveMetadata(entryName: string): boolean {
  const base = entryName.slice(entryName.lastIndexOf('/') + 1);
  return entryName.startsWith('__MACOSX/') || base.startsWith('._') || base === '.DS_Store' || entryName.endsWith('/');
}

/** Describes a stream failure in the words a user needs (truncated gzip, corrupt archive). */
export function describeStreamError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(message))
    return 'truncated gzip: unexpected end of file';
  if (code === 'Z_DATA_ERROR') return `corrupt compressed data: ${message}`;
  return message;
}
