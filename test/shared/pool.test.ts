import { describe, expect, it } from 'vitest';
import { pool } from '../../src/shared/pool.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('pool', () => {
  it('runs at most `limit` tasks at once and keeps the results in order', async () => {
    let running = 0;
    let peak = 0;
    const tasks = Array.from({ length: 20 }, (_, i) => async () => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      return i * 2;
    });
    expect(await pool(3, tasks)).toEqual(Array.from({ length: 20 }, (_, i) => i * 2));
    expect(peak).toBe(3);
  });

  it('rejects on the first failure and starts no task after it', async () => {
    const started: number[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) => async () => {
      started.push(i);
      await tick();
      if (i === 1) throw new Error('boom');
      return i;
    });
    await expect(pool(2, tasks)).rejects.toThrow('boom');
    await tick();
    expect(started.length).toBeLessThan(5);
  });

  it('stops when the signal is aborted, and calls a task only when its turn comes', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const tasks = Array.from({ length: 5 }, (_, i) => async () => {
      calls.push(i);
      if (i === 1) controller.abort(new Error('interrupted'));
      await tick();
    });
    await expect(pool(1, tasks, controller.signal)).rejects.toThrow('interrupted');
    expect(calls).toEqual([0, 1]);
  });
});
