import { describe, expect, it } from 'vitest';
import { backoffDelay, type BackoffPolicy } from '../../base/backoff';

const policy = (jitter: BackoffPolicy['jitter']): BackoffPolicy => ({ baseMs: 1_000, capMs: 30_000, jitter });
const at = (r: number) => () => r;

describe('backoffDelay', () => {
  it('doubles from the base per attempt and stops at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, policy('none')))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('full jitter: anywhere in [0, step)', () => {
    expect(backoffDelay(2, policy('full'), at(0))).toBe(0);
    expect(backoffDelay(2, policy('full'), at(0.5))).toBe(2_000);
    expect(backoffDelay(2, policy('full'), at(0.999_999))).toBe(3_999);
  });

  it('equal jitter: never sooner than half the step', () => {
    expect(backoffDelay(2, policy('equal'), at(0))).toBe(2_000);
    expect(backoffDelay(2, policy('equal'), at(0.999_999))).toBe(3_999);
  });

  it('spread jitter: the step ±25 %', () => {
    expect(backoffDelay(2, policy('spread'), at(0))).toBe(3_000);
    expect(backoffDelay(2, policy('spread'), at(0.5))).toBe(4_000);
    expect(backoffDelay(2, policy('spread'), at(0.999_999))).toBe(5_000);
  });

  it('stays finite with no cap and a huge attempt, and treats a negative attempt as the first', () => {
    const d = backoffDelay(10_000, { baseMs: 1, capMs: Infinity, jitter: 'full' }, at(0));
    expect(d).toBe(0); // Infinity × 0 would be NaN
    expect(Number.isFinite(backoffDelay(10_000, { baseMs: 1, capMs: Infinity, jitter: 'none' }))).toBe(true);
    expect(backoffDelay(-1, policy('none'))).toBe(1_000);
  });

  it('uses Math.random by default, within the policy bounds', () => {
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(3, policy('spread'));
      expect(d).toBeGreaterThanOrEqual(6_000);
      expect(d).toBeLessThanOrEqual(10_000);
    }
  });
});
