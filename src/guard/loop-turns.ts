/**
 * Cooperative time slicing for long synchronous work on a server's event loop: the work calls
 * `turn()` between pieces, and once `budgetMs` has passed since the last yield it yields with
 * `setImmediate`, so sockets, timers and other requests (`/health`) are served before the next
 * piece. One hostile request (a 16 MiB body of noise) then costs the others at most one slice.
 */
export class LoopTurns {
  private since = performance.now();

  constructor(private readonly budgetMs = 10) {}

  /** Yields to the event loop when this slice has used its budget; otherwise returns at once. */
  async turn(): Promise<void> {
    if (performance.now() - this.since < this.budgetMs) return;
    await new Promise<void>((resume) => setImmediate(resume));
    this.since = performance.now();
  }
}
