#!/usr/bin/env node
// Build the web app into dist/web with Vite. `--if-stale` skips the build when dist/web/index.html
// is newer than every input, so `npm start` stays fast when nothing changed.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const output = path.join(root, 'dist/web/index.html');
const inputs = ['src/web', 'src/contracts', 'vite.config.ts', 'postcss.config.cjs', 'package.json'];

function newestMtime(target) {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

function isStale() {
  let built;
  try {
    built = statSync(output).mtimeMs;
  } catch {
    return true;
  }
  return inputs.some((input) => newestMtime(path.join(root, input)) > built);
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && !isStale()) {
  console.log('web app: up to date in dist/web (skipped build)');
} else {
  const started = Date.now();
  // Under a test runner NODE_ENV is "test", which would give React's development build.
  process.env.NODE_ENV = 'production';
  const { build } = await import('vite');
  await build({ configFile: path.join(root, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  console.log(`web app: built into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
