// Starts a worker thread whose code is TypeScript: tsx is registered here, in the worker, since
// loader flags in a worker's execArgv do not apply to its first module on Node 20. The module to
// run is `workerData.entry` (a file URL); it reads the rest of `workerData` itself.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
