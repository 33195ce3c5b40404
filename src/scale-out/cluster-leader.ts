import { Client } from 'pg';
import type { Logger } from '../logging/logger';

/**
 * Runs periodic cluster-wide tasks (expiry timers, reminders) on exactly one replica: whichever holds a session
 * advisory lock. If that replica dies its connection closes, the lock is released, and another replica takes
 * it at its next tick.
 */
export class ClusterLeader {
  private client: Client | undefined;
  private leader = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();
  private readonly tasks: { name: string; run: () => Promise<void>; everyMs: number; lastRun: number }[] = [];

  constructor(
    private readonly options: { connectionString: string; lockKey: number; intervalMs: number; logger: Logger },
  ) {}

  /** Adds a task run on the leader only: at every tick, or at most once per `everyMs`. */
  every(name: string, run: () => Promise<void>, everyMs = 0): this {
    this.tasks.push({ name, run, everyMs, lastRun: -Infinity });
    return this;
  }

  isLeader(): boolean {
    return this.leader;
  }

  start(): void {
    this.timer = setInterval(() => {
      this.current = this.current.then(() => this.tick());
    }, this.options.intervalMs);
  }

  async tick(): Promise<void> {
    if (!(await this.holdLock())) return;
    for (const task of this.tasks) {
      if (Date.now() - task.lastRun < task.everyMs) continue;
      task.lastRun = Date.now();
      try {
        await task.run();
      } catch (error) {
        this.options.logger.error('cluster task failed', { task: task.name, error: String(error) });
      }
    }
  }

  private async holdLock(): Promise<boolean> {
    if (this.leader) return true;
    try {
      if (!this.client) {
        const client = new Client({ connectionString: this.options.connectionString });
        client.on('error', () => this.forget());
        client.on('end', () => this.forget());
        await client.connect();
        this.client = client;
      }
      const { rows } = await this.client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [this.options.lockKey]);
      this.leader = rows[0].locked;
      if (this.leader) this.options.logger.info('this replica now runs the cluster timers');
    } catch (error) {
      this.options.logger.warn('leader election failed', { error: String(error) });
      this.forget();
    }
    return this.leader;
  }

  // A lost connection means a lost lock: stop acting as leader until the lock is taken again.
  private forget(): void {
    this.leader = false;
    const client = this.client;
    this.client = undefined;
    client?.end().catch(() => undefined);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.current;
    const client = this.client;
    this.client = undefined;
    this.leader = false;
    await client?.end().catch(() => undefined);
  }
}
