import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { finalStepStatuses, type RunStatus, type RunStepStatus, terminalRunStatuses } from './run.js';
import {
  absorbingStatuses,
  allRunStatuses,
  allStepStatuses,
  findRunTransition,
  findStepTransition,
  initialRunStatuses,
  initialStepStatuses,
  reachableStatuses,
  runEvents,
  runTransition,
  runTransitions,
  stepEvents,
  stepTransition,
  stepTransitions,
} from './run-transitions.js';

/** Applies events in order; an event the table refuses throws the typed error and changes nothing. */
function walk<Status extends string, Event extends string>(
  start: Status,
  events: readonly Event[],
  apply: (from: Status, event: Event) => Status,
): Array<{ from: Status; event: Event; to: Status }> {
  const path: Array<{ from: Status; event: Event; to: Status }> = [];
  let status = start;
  for (const event of events) {
    let to = status;
    try {
      to = apply(status, event);
    } catch (error) {
      expect(error).toMatchObject({ code: 'run-transition-invalid' });
    }
    path.push({ from: status, event, to });
    status = to;
  }
  return path;
}

describe('the run state machine', () => {
  const reachable = reachableStatuses(runTransitions, initialRunStatuses);

  it('reaches every run status from a new run, and every unfinished one can still finish', () => {
    expect([...reachable].sort()).toEqual([...allRunStatuses].sort());
    for (const status of allRunStatuses.filter((candidate) => !terminalRunStatuses.has(candidate))) {
      const ahead = reachableStatuses(runTransitions, [status]);
      expect(
        [...ahead].some((next) => terminalRunStatuses.has(next)),
        status,
      ).toBe(true);
    }
    expect([...absorbingStatuses(runTransitions, allRunStatuses)].sort()).toEqual(['rollback-failed', 'rolled-back']);
  });

  it('keeps any sequence of events within reachable statuses; finished runs stay finished (a failed one reopens only by retry)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...runEvents), { maxLength: 40 }), (events) => {
        const path = walk<RunStatus, (typeof runEvents)[number]>('pending', events, (from, event) => {
          const to = runTransition('r', from, event).to;
          expect(findRunTransition(from, event)?.to).toBe(to);
          return to;
        });
        for (const { from, event, to } of path) {
          expect(reachable.has(to)).toBe(true);
          if (terminalRunStatuses.has(from) && !terminalRunStatuses.has(to))
            expect([from, event]).toEqual(['failed', 'retry']);
          if (from === 'rolled-back' || from === 'rollback-failed') expect(to).toBe(from);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses a move the table does not list with a typed error naming the run and its status', () => {
    expect(() => runTransition('run-1', 'succeeded', 'cancel')).toThrow(
      expect.objectContaining({
        code: 'run-transition-invalid',
        message: 'run run-1 is succeeded; there is nothing left to cancel',
        location: { objectId: 'run-1', field: 'status' },
      }),
    );
    expect(() => runTransition('run-1', 'cancelled', 'retry')).toThrow('run run-1 is cancelled; it cannot be retried');
  });
});

describe('the step state machine', () => {
  const reachable = reachableStatuses(stepTransitions, initialStepStatuses);

  it('reaches every step status from a new step', () => {
    expect([...reachable].sort()).toEqual([...allStepStatuses].sort());
    expect([...absorbingStatuses(stepTransitions, allStepStatuses)].sort()).toEqual([
      'cancelled',
      'compensated',
      'compensation-failed',
      'refused',
      'rejected',
    ]);
  });

  it('keeps any sequence of events within reachable statuses; a final step runs again only by retry', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...initialStepStatuses),
        fc.array(fc.constantFrom(...stepEvents), { maxLength: 40 }),
        (start, events) => {
          const path = walk<RunStepStatus, (typeof stepEvents)[number]>(start, events, (from, event) => {
            const to = stepTransition('r', 's', from, event).to;
            expect(findStepTransition(from, event)?.to).toBe(to);
            return to;
          });
          for (const { from, event, to } of path) {
            expect(reachable.has(to)).toBe(true);
            if (finalStepStatuses.has(from) && !finalStepStatuses.has(to)) expect(event).toBe('retry');
            if (from === 'refused') expect(to).toBe('refused');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
