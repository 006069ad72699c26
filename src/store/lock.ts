import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { ModelError } from "../domain/errors.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A cross-process lock file. Creation is atomic (`link` of a fully written temp file fails if the
 * lock exists), and a lock left by a killed process is detected by its pid and broken safely.
 */
export class FileLock {
  private held: string | undefined;
  private brokeDeadOwner = false;

  constructor(private readonly file: string) {}

  /**
   * Waits for the lock. Resolves to true when this process broke the lock of a process that died
   * holding it: whatever that process was writing may be half done, so the caller re-reads everything.
   */
  async acquire(timeoutMs = 15_000): Promise<boolean> {
    const token = `${process.pid} ${randomBytes(8).toString("hex")}`;
    const deadline = Date.now() + timeoutMs;
    let wait = 1;
    for (;;) {
      if (this.tryCreate(token)) {
        this.held = token;
        const recovered = this.brokeDeadOwner;
        this.brokeDeadOwner = false;
        return recovered;
      }
      const owner = this.readOwner();
      if (owner !== undefined && !processAlive(owner.pid)) this.breakStale(owner.token);
      else {
        if (Date.now() > deadline) {
          throw new ModelError(
            "locked",
            `the threat model is locked by process ${owner?.pid ?? "unknown"}; try again when it finishes`,
          );
        }
        await sleep(wait);
        wait = Math.min(wait * 2, 20);
      }
    }
  }

  release(): void {
    if (this.held === undefined) return;
    const owner = this.readOwner();
    if (owner?.token === this.held) {
      try {
        unlinkSync(this.file);
      } catch {
        // already gone
      }
    }
    this.held = undefined;
  }

  private tryCreate(token: string): boolean {
    const temp = `${this.file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    try {
      writeFileSync(temp, token);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      mkdirSync(path.dirname(this.file), { recursive: true });
      writeFileSync(temp, token);
    }
    try {
      linkSync(temp, this.file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    } finally {
      unlinkSync(temp);
    }
  }

  private readOwner(): { pid: number; token: string } | undefined {
    try {
      const token = readFileSync(this.file, "utf8");
      const pid = Number.parseInt(token.split(" ")[0] ?? "", 10);
      return Number.isFinite(pid) ? { pid, token } : undefined;
    } catch {
      return undefined;
    }
  }

  /** Moves a dead owner's lock aside; puts it back if another process replaced it in the meantime. */
  private breakStale(staleToken: string): void {
    const aside = `${this.file}.stale.${process.pid}.${randomBytes(4).toString("hex")}`;
    try {
      renameSync(this.file, aside);
    } catch {
      return;
    }
    let moved = "";
    try {
      moved = readFileSync(aside, "utf8");
    } catch {
      // nothing to compare
    }
    if (moved === staleToken) {
      unlinkSync(aside);
      this.brokeDeadOwner = true;
      return;
    }
    try {
      linkSync(aside, this.file);
    } catch {
      // a newer lock already exists; the one we moved belonged to a process that has since finished
    }
    unlinkSync(aside);
  }
}
