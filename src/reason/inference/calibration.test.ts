import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitCalibration, reliability } from './calibration.js';

describe('calibration', () => {
  it('maps scores to observed rates, never lower for a higher score', () => {
    const outcomes = [
      ...Array.from({ length: 40 }, (_, index) => ({ score: 0.1 + index * 0.001, correct: index % 10 === 0 })),
      ...Array.from({ length: 40 }, (_, index) => ({ score: 0.8 + index * 0.001, correct: index % 10 !== 0 })),
    ];
    const calibration = fitCalibration(outcomes);
    expect(calibration.probability(0.12)).toBeLessThan(0.2);
    expect(calibration.probability(0.85)).toBeGreaterThan(0.8);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(calibration.probability(low)).toBeLessThanOrEqual(calibration.probability(high));
      }),
    );
  });

  it('trusts nothing without held-out data', () => {
    expect(fitCalibration([]).probability(0.99)).toBe(0);
  });

  it('reports predicted against observed per bin and the expected calibration error', () => {
    const table = reliability([
      { probability: 0.95, correct: true },
      { probability: 0.91, correct: true },
      { probability: 0.15, correct: false },
      { probability: 0.12, correct: true },
    ]);
    expect(table.count).toBe(4);
    expect(table.bins.map((bin) => [bin.from, bin.count, bin.observed])).toEqual([
      [0.1, 2, 0.5],
      [0.9, 2, 1],
    ]);
    expect(table.expectedCalibrationError).toBeCloseTo((2 * Math.abs(0.135 - 0.5) + 2 * Math.abs(0.93 - 1)) / 4, 5);
  });
});
