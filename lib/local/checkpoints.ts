import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ExecutionRecord } from './executions';

/** What the state file (`--data-dir`) holds: the virtual clock, so a restart continues from the same instant, and the executions. */
export interface SavedState {
  nowMs?: number;
  executions: ExecutionRecord[];
}

/**
 * The engine's checkpoints on disk: one JSON file rewritten (write then rename) whenever an execution
 * enters a state, starts or ends. In memory only when there is no file.
 */
export class CheckpointFile {
  readonly #file: string | undefined;
  readonly #snapshot: () => SavedState;
  #writing: Promise<void> | undefined;
  #dirty = false;
  #closed = false;

  constructor(file: string | undefined, snapshot: () => SavedState) {
    this.#file = file;
    this.#snapshot = snapshot;
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  get file(): string | undefined {
    return this.#file;
  }

  /** The saved state, if the file exists. */
  static read(file: string | undefined): SavedState | undefined {
    if (!file || !existsSync(file)) return undefined;
    return JSON.parse(readFileSync(file, 'utf8')) as SavedState;
  }

  /** Coalesced asynchronous write of the state file (one write in flight, one pending at most). */
  persist(): void {
    if (!this.#file) return;
    this.#dirty = true;
    if (this.#writing) return;
    this.#writing = (async () => {
      while (this.#dirty && !this.#closed) {
        this.#dirty = false;
        const file = this.#file as string;
        const temporary = `${file}.tmp`;
        await writeFile(temporary, JSON.stringify(this.#snapshot()));
        renameSync(temporary, file);
      }
    })().finally(() => {
      this.#writing = undefined;
    });
  }

  /** Writes the state file soon (the clock moved), unless closed. */
  flush(): void {
    if (this.#file && !this.#closed) this.persist();
  }

  /** Stops further asynchronous writes at once, then writes the final state once the write in flight ends. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#writing;
    if (!this.#file) return;
    mkdirSync(dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.#snapshot()));
    renameSync(temporary, this.#file);
  }
}
