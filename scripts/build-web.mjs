#!/usr/bin/env node
// Build the web app into dist/web with Vite. `--if-stale` skips the build when dist/web/index.html
// is newer than every input, so `npm start` stays fast when nothing changed.
import path from 'node:path';
import { buildTarget, root } from './build-lib.mjs';

await buildTarget({
  name: 'web',
  label: 'web app',
  output: 'index.html',
  inputs: [
    'src/web',
    'src/contracts',
    'vite.config.ts',
    'postcss.config.cjs',
    'package.json',
    'scripts/build-web.mjs',
  ],
  async build(outDir) {
    // Under a test runner NODE_ENV is "test", which would give React's development build.
    process.env.NODE_ENV = 'production';
    const { build } = await import('vite');
    await build({
      configFile: path.join(root, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true },
    });
  },
});
