/**
 * Units of work shared by the stores: an AsyncLocalStorage context per unit, joined by nested
 * calls, with callbacks that run once the unit has ended (outside its context, so background work
 * they start — the outbox — never runs inside a finished transaction).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface Unit<S> {
  state: S;
  after: (() => void)[];
}

export interface UnitHooks<S> {
  /** Starts a unit; `with` is what the caller passed to {@link Units.run} (e.g. a lock to take). */
  begin(with_?: unknown): Promise<S> | S;
  commit(state: S): Promise<void>;
  rollback(state: S, error: unknown): Promise<void>;
}

export class Units<S> {
  private readonly als = new AsyncLocalStorage<Unit<S>>();

  constructor(private readonly hooks: UnitHooks<S>) {}

  current(): Unit<S> | undefined {
    return this.als.getStore();
  }

  async run<T>(fn: () => Promise<T>, with_?: unknown): Promise<T> {
    if (this.als.getStore()) return fn();
    const unit: Unit<S> = { state: await this.hooks.begin(with_), after: [] };
    let result: T;
    try {
      result = await this.als.run(unit, fn);
    } catch (error) {
      try {
        await this.hooks.rollback(unit.state, error);
      } finally {
        this.flush(unit);
      }
      throw error;
    }
    await this.hooks.commit(unit.state);
    this.flush(unit);
    return result;
  }

  /** Runs `fn` after the current unit ends, or now when there is none. */
  after(fn: () => void): void {
    const unit = this.als.getStore();
    if (unit) unit.after.push(fn);
    else fn();
  }

  private flush(unit: Unit<S>) {
    this.als.exit(() => {
      for (const fn of unit.after.splice(0)) fn();
    });
  }
}
