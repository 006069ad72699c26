import { Worker } from "node:worker_threads";
import type { BatchRequest, BatchResult, WorkerInit } from "./worker-protocol.js";

/** Batches a worker may hold at once: one being scanned, one queued, so it never idles. */
const IN_FLIGHT_PER_WORKER = 2;

/**
 * A small young generation makes workers collect the short-lived file texts early, which keeps
 * the process RSS low; the old-generation cap is far above what a worker needs (files are at most
 * a few MB and nothing is kept between batches).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 4, maxOldGenerationSizeMb: 256 };

/**
 * A fixed set of scanner threads fed with batches. `submit` waits while every worker is full, which
 * bounds memory to a few batches per worker however large the tree is.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly inFlight: number[];
  private waiting: Array<() => void> = [];
  private idle: Array<() => void> = [];
  private failure: Error | null = null;

  constructor(script: URL, count: number, init: WorkerInit, onResult: (result: BatchResult) => void) {
    this.workers = [];
    this.inFlight = [];
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData: init, resourceLimits: WORKER_LIMITS });
      worker.on("message", (result: BatchResult) => {
        this.inFlight[i]!--;
        onResult(result);
        this.wake();
      });
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (code !== 0 && !this.terminated) this.fail(new Error(`scan worker exited with code ${code}`));
      });
      this.workers.push(worker);
      this.inFlight.push(0);
    }
  }

  private terminated = false;

  private fail(error: Error): void {
    this.failure ??= error;
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
    if (this.failure || this.inFlight.every((n) => n === 0)) {
      const idle = this.idle;
      this.idle = [];
      for (const resume of idle) resume();
    }
  }

  /** Whether some worker can take a batch right now. */
  hasRoom(): boolean {
    return this.failure === null && this.inFlight.some((n) => n < IN_FLIGHT_PER_WORKER);
  }

  /** Hands a batch to the least busy worker, waiting for room first. */
  async submit(request: BatchRequest): Promise<void> {
    for (;;) {
      if (this.failure) throw this.failure;
      let best = 0;
      for (let i = 1; i < this.inFlight.length; i++) if (this.inFlight[i]! < this.inFlight[best]!) best = i;
      if (this.inFlight[best]! < IN_FLIGHT_PER_WORKER) {
        this.inFlight[best]!++;
        this.workers[best]!.postMessage(request);
        return;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Resolves when every submitted batch has come back. */
  async drain(): Promise<void> {
    while (!this.failure && this.inFlight.some((n) => n > 0)) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
    if (this.failure) throw this.failure;
  }

  /** Wakes anyone waiting (so a cancelled scan can return) without waiting for outstanding batches. */
  interrupt(): void {
    this.fail(new Error("interrupted"));
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
