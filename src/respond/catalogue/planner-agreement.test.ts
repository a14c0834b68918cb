/**
 * The built-in planner (src/reason) keeps its own risk and reversibility table, since reasoning
 * sits upstream of response. This test keeps the two in step: the catalogue is the source of truth.
 */
import { describe, expect, it } from 'vitest';
import { actionTypeSchema } from '../../core/index.js';
import { actionTraits } from '../../reason/index.js';
import { actionCatalogue } from './action-catalogue.js';
import { isReversible } from './action-spec.js';

describe('planner traits agree with the action catalogue', () => {
  for (const type of actionTypeSchema.options.filter((option) => option !== 'other')) {
    it(type, () => {
      const spec = actionCatalogue[type];
      expect(spec, `${type} missing from the catalogue`).toBeDefined();
      expect({ risk: actionTraits[type].risk, reversible: actionTraits[type].reversible }).toEqual({
        risk: spec!.risk,
        reversible: isReversible(spec!),
      });
    });
  }
});
