#!/usr/bin/env node
// Build the web app into dist/web with Vite. `--if-stale` skips the build when dist/web/index.html
// is newer than every input, so `npm start` stays fast when nothing changed.
//
// Test files run in parallel and may each ask for a build: a lock directory lets one build while
// the others wait and then find it fresh, and the build lands in a temporary folder that replaces
// dist/web in one rename, so nobody serves a half-written app.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist/web');
const output = path.join(outDir, 'index.html');
const lock = path.join(root, 'dist/.web-build.lock');
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

async function acquireLock() {
  mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      return;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    // A lock older than the deadline was left by a build that died.
    const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 180_000 || Date.now() > deadline) rmSync(lock, { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale && !isStale()) {
  console.log('web app: up to date in dist/web (skipped build)');
} else {
  await acquireLock();
  try {
    if (ifStale && !isStale()) {
      console.log('web app: built meanwhile by another process (skipped build)');
    } else {
      const started = Date.now();
      // Under a test runner NODE_ENV is "test", which would give React's development build.
      process.env.NODE_ENV = 'production';
      const { build } = await import('vite');
      const temporary = path.join(root, `dist/.web-${process.pid}`);
      await build({
        configFile: path.join(root, 'vite.config.ts'),
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: temporary, emptyOutDir: true },
      });
      rmSync(outDir, { recursive: true, force: true });
      renameSync(temporary, outDir);
      console.log(`web app: built into dist/web in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
