/**
 * Subscribers to a stream of events (the engine's, the local service's). A listener that throws is
 * logged and skipped: a test's or the demo's timeline must never break the service it watches.
 */
export class Listeners<T> {
  #listeners: ((event: T) => void)[] = [];

  constructor(private readonly label: string) {}

  get size(): number {
    return this.#listeners.length;
  }

  /** Subscribes; returns the unsubscribe function. */
  add(listener: (event: T) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      this.#listeners = this.#listeners.filter((item) => item !== listener);
    };
  }

  emit(event: T): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        console.error(`[local] ${this.label} listener failed:`, error);
      }
    }
  }

  clear(): void {
    this.#listeners = [];
  }
}
