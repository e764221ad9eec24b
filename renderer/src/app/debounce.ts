/** The timer functions a debounce uses (the page's own by default; tests pass fake ones). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const pageTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A debounced call: `schedule` runs `run` once, `ms` after the last call; `flush` runs a pending call now. */
export interface Debounced {
  schedule(): void;
  /** Runs the pending call at once (a page being hidden); resolves when it is done. */
  flush(): Promise<void>;
  cancel(): void;
  readonly pending: boolean;
}

/**
 * Debounces an async `run`: calls within `ms` of each other collapse into one, and a call never overlaps the
 * previous one (it waits for it), so saves happen in order.
 */
export function createDebounce(run: () => Promise<void>, ms: number, timers: Timers = pageTimers): Debounced {
  let handle: unknown = null;
  let running: Promise<void> = Promise.resolve();

  function fire(): Promise<void> {
    handle = null;
    running = running.then(run, run);
    return running;
  }

  return {
    schedule() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = timers.setTimeout(() => void fire(), ms);
    },
    flush() {
      if (handle === null) return running;
      timers.clearTimeout(handle);
      return fire();
    },
    cancel() {
      if (handle !== null) timers.clearTimeout(handle);
      handle = null;
    },
    get pending() {
      return handle !== null;
    },
  };
}
