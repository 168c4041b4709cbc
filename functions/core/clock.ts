/**
 * The Clock port: the only way domain code and handlers learn "now". In AWS it is the system clock;
 * the local runner and the tests install a virtual one.
 */
export interface Clock {
  now(): Date;
}

/** A clock frozen at an instant, or moved by hand (tests). */
export class FixedClock implements Clock {
  #current: Date;

  constructor(start: Date | string) {
    this.#current = new Date(start);
  }

  now(): Date {
    return new Date(this.#current);
  }

  set(instant: Date | string): void {
    this.#current = new Date(instant);
  }

  advanceMs(milliseconds: number): void {
    this.#current = new Date(this.#current.getTime() + milliseconds);
  }
}
