/**
 * The CSV import's parser on a worker thread (`import-worker.ts`, started through
 * `lib/ts-worker.mjs` so its TypeScript loads, or the built `import-worker.mjs` next to the built
 * server), with the importer's side of the conversation:
 * pieces of text go out, their parsed batches come back in order.
 */
import { Worker } from 'node:worker_threads';
import type { FromParser, ToParser } from './import-worker';

/**
 * The parser on a worker thread. Started early and used once it says it is ready; a thread that
 * fails before that is dropped (the importing thread parses on), one that fails later fails the
 * import.
 */
export class ParserThread {
  ready = false;
  inFlight = 0;
  private failure: Error | null = null;
  private readonly inbox: Array<Extract<FromParser, { type: 'batch' | 'end' }>> = [];
  /** Wakes `next()` when an answer or a failure arrives (a failure is read from `failure`). */
  private waiter: (() => void) | null = null;
  private readonly up: Promise<boolean>;
  private settle: (ok: boolean) => void = () => undefined;

  private constructor(private readonly worker: Worker) {
    this.up = new Promise((resolve) => {
      this.settle = resolve;
    });
    worker.on('message', (m: FromParser) => {
      if (m.type === 'ready') {
        this.ready = this.failure === null;
        this.settle(this.ready);
        return;
      }
      this.inbox.push(m);
      this.wake();
    });
    worker.on('error', (err) => this.broken(err));
    worker.on('exit', (code) =>
      this.broken(new Error(`the import's parser thread ended (exit code ${code})`)),
    );
  }

  /**
   * Start the thread. `from` is the URL of the module asking (a test passes the built bundle's):
   * when it is built (dist/server, what `npm start` runs) the parser's own module lies next to it;
   * from the TypeScript sources (tsx, tests) it goes through the helper that registers tsx in the
   * thread.
   */
  static start(vendor: boolean, from: string = import.meta.url): ParserThread | null {
    try {
      const worker = from.endsWith('.mjs')
        ? new Worker(new URL('./import-worker.mjs', from), { execArgv: [], workerData: { vendor } })
        : new Worker(new URL('../../lib/ts-worker.mjs', from), {
            execArgv: [],
            workerData: { entry: new URL('./import-worker.ts', from).href, vendor },
          });
      return new ParserThread(worker);
    } catch {
      return null;
    }
  }

  /** True once the thread is ready, false if it failed first. */
  settled(): Promise<boolean> {
    return this.up;
  }

  send(m: ToParser) {
    if (this.failure) throw this.failure;
    this.worker.postMessage(m);
    if (m.type !== 'start') this.inFlight++;
  }

  /** The answer to the oldest piece sent. */
  async next() {
    while (!this.inbox.length) {
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
    this.inFlight--;
    return this.inbox.shift()!;
  }

  async stop() {
    this.failure ??= new Error('the import is over');
    await this.worker.terminate();
  }

  private broken(err: Error) {
    this.failure ??= err;
    this.ready = false;
    this.settle(false);
    this.wake();
  }

  private wake() {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
