import type { Clock } from '../../../src/security/clock';

/** Time that moves only when the test says so; sleeping does not wait (pacing is tested on the real clock). */
export class ManualClock implements Clock {
  constructor(private at = Date.UTC(2026, 0, 5, 9, 0, 0)) {}

  now(): number {
    return this.at;
  }

  async sleep(): Promise<void> {}

  advance(ms: number): void {
    this.at += ms;
  }
}
