/**
 * Commands a shell started together, rebuilt from their processes. A pipeline (`arp -a | grep -v
 * '^?'`, `cmd /c "tasklist | findstr lsass"`) or commands joined with `&` are recorded as one
 * process per stage, each with only its own words: `grep -v ^?` says nothing, `arp -a` says less
 * than the whole. The stages are siblings (same host, same parent process) started within a few
 * milliseconds of each other, since the shell forks them all before any of them runs; commands a
 * person types, or a script runs one after another, are seconds apart. Each new stage gets the
 * whole command so far, the stages in start order, as one more behaviour text (field
 * `process.pipeline`).
 *
 * Bounded: at most `maxParents` parents are remembered (the least recently started forgotten
 * first), each with at most `maxStages` stages.
 */
import type { Event } from '../../core/index.js';

export interface ShellPipelineOptions {
  /** Most milliseconds between one stage's start and the next. Default 50. */
  windowMs?: number;
  /** Parents remembered. Default 10,000. */
  maxParents?: number;
  /** Stages kept per command. Default 6. */
  maxStages?: number;
}

interface Stage {
  time: number;
  pid: number;
  command: string;
}

const programOf = (command: string) =>
  (command.replace(/^"/, '').split(/[\s"]/, 1)[0] ?? '').split(/[\\/]/).pop()!.toLowerCase();

const processStarts = new Set(['process-created', 'process-started']);

/** The field of the rebuilt command, as the threshold and reasons name it. */
export const pipelineField = 'process.pipeline';

export class ShellPipelines {
  private readonly groups = new Map<string, { last: number; stages: Stage[] }>();
  private readonly windowMs: number;
  private readonly maxParents: number;
  private readonly maxStages: number;

  constructor(options: ShellPipelineOptions = {}) {
    this.windowMs = options.windowMs ?? 50;
    this.maxParents = options.maxParents ?? 10_000;
    this.maxStages = options.maxStages ?? 6;
  }

  get size(): number {
    return this.groups.size;
  }

  /**
   * Records a process start; returns the whole command when it was started with siblings (the
   * stages so far, joined by ` | `), else undefined.
   */
  observe(event: Event): string | undefined {
    if (event.action === undefined || !processStarts.has(event.action)) return undefined;
    const process = event.process;
    const command = process?.commandLine?.trim();
    const parent = process?.parent?.pid ?? process?.parent?.entityId;
    const time = Date.parse(event.timestamp);
    if (!command || parent === undefined || !Number.isFinite(time)) return undefined;
    const key = `${event.host?.name?.toLowerCase() ?? ''}\n${parent}`;
    const stage: Stage = { time, pid: process?.pid ?? 0, command: command.slice(0, 300) };
    const group = this.groups.get(key);
    this.groups.delete(key);
    if (group === undefined || Math.abs(time - group.last) > this.windowMs) {
      this.groups.set(key, { last: time, stages: [stage] });
      if (this.groups.size > this.maxParents) this.groups.delete(this.groups.keys().next().value!);
      return undefined;
    }
    this.groups.set(key, group);
    if (group.stages.some((known) => known.pid === stage.pid && known.command === stage.command)) return undefined;
    if (group.stages.length >= this.maxStages) return undefined;
    group.last = Math.max(group.last, time);
    group.stages.push(stage);
    // One program started many times at once (a service host's workers) is not a command line.
    const program = programOf(group.stages[0]!.command);
    if (group.stages.every((known) => programOf(known.command) === program)) return undefined;
    return [...group.stages]
      .sort((left, right) => left.time - right.time || left.pid - right.pid)
      .map((known) => known.command)
      .join(' | ');
  }
}
