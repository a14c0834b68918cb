/**
 * The CERT's own response script: any executable. It receives the step as one JSON document
 * on stdin (`mode` is `execute` or `undo`), never as an interpolated command line; it runs
 * with a clean environment and a deadline, and its output is captured into the audit.
 * Exit 0: success (stdout parsed as JSON when it is JSON). Exit 75 (EX_TEMPFAIL): retryable.
 */
import type { ActionType } from '../../core/index.js';
import { ExternalServiceError } from '../../core/index.js';
import type { Connector, StepInvocation, StepOutput } from './connector.js';
import { cleanEnvironment, runProcess } from './process/run-process.js';

export interface ResponseScriptOptions {
  name?: string;
  executable: string;
  /** Fixed arguments, written by the CERT; never built from indicator values. */
  args?: readonly string[];
  actions?: readonly ActionType[];
  /** Variables passed to the script, in addition to PATH and LANG. */
  environment?: Record<string, string>;
  canUndo?: boolean;
}

function parseOutput(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.trim();
  }
}

export function createResponseScriptConnector(options: ResponseScriptOptions): Connector {
  const argv = [options.executable, ...(options.args ?? [])];
  const document = (step: StepInvocation, mode: 'execute' | 'undo', previous?: StepOutput) =>
    JSON.stringify({
      mode,
      runId: step.runId,
      incidentId: step.incidentId ?? null,
      step: step.ref,
      action: step.actionType,
      target: step.target,
      parameters: step.parameters,
      idempotencyKey: step.idempotencyKey,
      ...(previous ? { previousOutput: previous } : {}),
    });
  const invoke = async (
    step: StepInvocation,
    mode: 'execute' | 'undo',
    signal: AbortSignal,
    previous?: StepOutput,
  ): Promise<StepOutput> => {
    const result = await runProcess(argv, {
      input: `${document(step, mode, previous)}\n`,
      environment: cleanEnvironment(options.environment),
      signal,
      maxOutputBytes: 64 * 1024,
    });
    const output = { exitCode: result.code, stdout: parseOutput(result.stdout), stderr: result.stderr.trim() };
    if (result.code !== 0) {
      throw new ExternalServiceError(
        `response script ${options.executable} exited with ${result.code ?? result.signal}: ${result.stderr.trim().slice(0, 300)}`,
        {
          retryable: result.code === 75,
        },
      );
    }
    return output;
  };
  return {
    name: options.name ?? 'script.response',
    actions: options.actions ?? ['run-script'],
    plan: (step) => ({
      connector: options.name ?? 'script.response',
      summary: `run ${options.executable} with the step as JSON on stdin`,
      commands: [{ argv, input: document(step, 'execute') }],
    }),
    execute: (step, signal) => invoke(step, 'execute', signal),
    ...(options.canUndo
      ? {
          undo: (step: StepInvocation, output: StepOutput, signal: AbortSignal) => invoke(step, 'undo', signal, output),
        }
      : {}),
  };
}
