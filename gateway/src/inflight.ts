// Sharing of identical work in flight: the first caller with a key runs it, callers with the
// same key that arrive before it settles get the same outcome (value or error).

export class InflightMerger<T> {
  private readonly running = new Map<string, Promise<T>>();

  /** Callers with work in flight. */
  get size(): number {
    return this.running.size;
  }

  /** The outcome of the work in flight under `key`, if any. */
  get(key: string): Promise<T> | undefined {
    return this.running.get(key);
  }

  /**
   * Starts `work` under `key`; until it settles, get(key) returns its outcome. The entry is
   * removed as soon as it settles, so a later caller always starts fresh work.
   */
  start(key: string, work: () => Promise<T>): Promise<T> {
    let started: Promise<T>;
    try {
      started = work();
    } catch (e) {
      started = Promise.reject(e);
    }
    this.running.set(key, started);
    const forget = () => {
      if (this.running.get(key) === started) this.running.delete(key);
    };
    started.then(forget, forget);
    return started;
  }
}
