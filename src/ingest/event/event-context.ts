/**
 * Process and logon-session context carried from earlier events of the same input stream to later
 * ones that lack it: a Security 4688 without `ParentProcessName` (Windows before 10 writes only
 * the parent's pid) takes it from the earlier 4688 of that parent; a Sysmon network or file event
 * takes its process's command line and parent from the process's creation event; an event of a
 * logon session takes the session's logon type and account from its 4624; a Sysmon event whose
 * exporter dropped its `ProcessId` (NXLog, whose own `ProcessID` field clashes with it) takes the
 * pid of its process GUID from an earlier event naming both (a child's creation, a process access).
 *
 * Bounded: at most `limit` processes and `limit` sessions are remembered, least recently seen
 * evicted first, so a host that starts millions of processes cannot grow it without end.
 */
import { BoundedMap } from '../../core/index.js';
import type { EventDraft } from '../types.js';

type ProcessDraft = NonNullable<EventDraft['process']>;

interface ProcessEntry {
  executable?: string;
  name?: string;
  commandLine?: string;
  pid?: number;
  entityId?: string;
  parent?: { executable?: string; name?: string; commandLine?: string; pid?: number; entityId?: string };
}

interface SessionEntry {
  logonType?: string;
  user?: EventDraft['user'];
}

export interface EventContextOptions {
  /** Most processes and most sessions remembered (each; default 50,000). */
  limit?: number;
}

const processCreated = 'process-created';

export class EventContext {
  private readonly processes: BoundedMap<string, ProcessEntry>;
  private readonly sessions: BoundedMap<string, SessionEntry>;
  /** Pids by host and process GUID, learnt once an event with a GUID and no pid was seen (`completePid`). */
  private readonly pids: BoundedMap<string, number>;
  private learnPids = false;

  constructor(options: EventContextOptions = {}) {
    const limit = Math.max(1, options.limit ?? 50_000);
    this.processes = new BoundedMap(limit);
    this.sessions = new BoundedMap(limit);
    this.pids = new BoundedMap(limit);
  }

  /** Processes, sessions and process GUIDs' pids held now (for tests of the bound). */
  get size(): { processes: number; sessions: number; pids: number } {
    return { processes: this.processes.size, sessions: this.sessions.size, pids: this.pids.size };
  }

  /** Completes the draft from what earlier drafts said, then remembers what this one says. Mutates it. */
  complete(draft: EventDraft): void {
    const host = draft.host?.name?.toLowerCase() ?? '';
    if (draft.process) {
      this.completePid(host, draft.process);
      if (draft.process.parent) this.completePid(host, draft.process.parent);
      this.completeProcess(host, draft);
    }
    if (draft.auth?.logonId) this.completeSession(host, draft);
  }

  /**
   * A process named by GUID without a pid takes the pid an earlier event gave that GUID; one named
   * by both teaches it. Learning starts with the first GUID without a pid, so inputs whose
   * exporter keeps every pid pay nothing for it.
   */
  private completePid(host: string, process: { entityId?: string; pid?: number }): void {
    if (process.entityId === undefined) return;
    if (process.pid === undefined) {
      this.learnPids = true;
      const pid = this.pids.get(`${host}|${process.entityId.toUpperCase()}`);
      if (pid !== undefined) process.pid = pid;
    } else if (this.learnPids) {
      this.pids.set(`${host}|${process.entityId.toUpperCase()}`, process.pid);
    }
  }

  private completeProcess(host: string, draft: EventDraft): void {
    const process = draft.process as ProcessDraft;
    const known = this.lookup(host, process.entityId, process.pid);
    const created = draft.action === processCreated;
    if (known && !created) {
      process.executable ??= known.executable;
      process.name ??= known.name;
      process.commandLine ??= known.commandLine;
      if (known.parent && !process.parent?.executable) process.parent = { ...known.parent, ...process.parent };
    }
    const parent = process.parent;
    if (parent && !parent.executable) {
      const parentEntry = this.lookup(host, parent.entityId, parent.pid);
      if (parentEntry) {
        parent.executable = parentEntry.executable;
        parent.name ??= parentEntry.name;
        parent.commandLine ??= parentEntry.commandLine;
        // Sigma's process_creation for Security 4688 reads the parent from `ParentProcessName`.
        if (
          draft.code === '4688' &&
          parentEntry.executable !== undefined &&
          draft.fields.ParentProcessName === undefined
        )
          draft.fields.ParentProcessName = parentEntry.executable;
      }
    } else if (parent && !parent.commandLine) {
      const parentEntry = this.lookup(host, parent.entityId, parent.pid);
      if (parentEntry && parentEntry.executable === parent.executable) parent.commandLine = parentEntry.commandLine;
    }
    if (created) this.remember(host, process);
  }

  private lookup(host: string, entityId: string | undefined, pid: number | undefined): ProcessEntry | undefined {
    if (entityId !== undefined) {
      const byGuid = this.processes.get(`${host}|g|${entityId.toUpperCase()}`);
      if (byGuid) return byGuid;
    }
    return pid === undefined ? undefined : this.processes.get(`${host}|p|${pid}`);
  }

  private remember(host: string, process: ProcessDraft): void {
    const entry: ProcessEntry = {
      executable: process.executable,
      name: process.name,
      commandLine: process.commandLine,
      pid: process.pid,
      entityId: process.entityId,
      parent: process.parent
        ? {
            executable: process.parent.executable,
            name: process.parent.name,
            commandLine: process.parent.commandLine,
            pid: process.parent.pid,
            entityId: process.parent.entityId,
          }
        : undefined,
    };
    if (process.entityId !== undefined) this.processes.set(`${host}|g|${process.entityId.toUpperCase()}`, entry);
    if (process.pid !== undefined) this.processes.set(`${host}|p|${process.pid}`, entry);
  }

  private completeSession(host: string, draft: EventDraft): void {
    const auth = draft.auth as NonNullable<EventDraft['auth']>;
    const key = `${host}|${(auth.logonId as string).toLowerCase()}`;
    if (draft.action === 'logged-in' && draft.outcome !== 'failure') {
      this.sessions.set(key, { logonType: auth.logonType, user: draft.user });
      return;
    }
    const session = this.sessions.get(key);
    if (draft.action === 'logged-out') this.sessions.delete(key);
    if (!session) return;
    auth.logonType ??= session.logonType;
    if (!draft.user?.name && session.user) draft.user = { ...session.user, ...draft.user };
  }
}
