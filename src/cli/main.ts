/** Entry point of `outpost` (bin/outpost.js, `npm run outpost --`, `npm start`). */
import { run } from './program';

// exitCode rather than exit(): a piped export must be written out in full, and `serve` keeps running.
process.exitCode = await run(process.argv);
