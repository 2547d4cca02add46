#!/usr/bin/env node
// Build the server and CLI into dist/server with esbuild: one ES module for `outpost` and one for
// the CSV import's parser thread. `npm start` runs it with plain Node — no TypeScript loader
// thread, no compiling at start-up — which keeps the process about 70 MiB smaller (docs/
// performance.md). Packages stay in node_modules (not bundled). `--if-stale` skips the build
// when dist/server/outpost.mjs is newer than every input.
import { buildTarget, serverBundleOptions } from './build-lib.mjs';

await buildTarget({
  name: 'server',
  label: 'server',
  output: 'outpost.mjs',
  inputs: [
    'src/server',
    'src/cli',
    'src/contracts',
    'package.json',
    'tsconfig.json',
    'scripts/build-server.mjs',
  ],
  async build(outdir) {
    const { build } = await import('esbuild');
    await build({
      ...serverBundleOptions,
      entryPoints: {
        outpost: 'src/cli/main.ts',
        'import-worker': 'src/server/modules/quality/import-worker.ts',
      },
      outdir,
      outExtension: { '.js': '.mjs' },
      sourcemap: 'linked',
    });
  },
});
