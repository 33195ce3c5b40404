import type { Clock } from '../../../src/security/clock';

/** Time that moves only when the test says so; sleeping does not wait, it is only recorded. */
export class ManualClock implements Clock {
  readonly sleeps: number[] = [];

  constructor(private at = Date.UTC(2026, 0, 5, 9, 0, 0)) {}

  now(): number {
    return this.at;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
  }

  advance(ms: number): void {
    this.at += ms;
  }
}
