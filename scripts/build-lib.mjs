// What the two build scripts share: build one target into dist/ unless it is up to date, with a
// lock so that parallel callers (test files, `npm start` twice) build it once, into a temporary
// folder that replaces the old one in one rename, so nobody runs a half-written build.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * esbuild's options for a server bundle, as `npm start` runs it: our code in one ES module for
 * Node 20, packages left in node_modules. The server build and the benchmark's server add their
 * entry points and output.
 */
export const serverBundleOptions = {
  absWorkingDir: root,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
};

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

async function acquireLock(lock) {
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

/**
 * Build `name` into dist/<name>. `output` is the file whose age says when it was last built,
 * `inputs` the files and folders (relative to the root) it is built from; `build(folder)` writes
 * the whole target into the folder it is given. With `--if-stale` on the command line an
 * up-to-date target is left alone.
 */
export async function buildTarget({ name, label, output, inputs, build }) {
  const outDir = path.join(root, 'dist', name);
  const outFile = path.join(outDir, output);
  const isStale = () => {
    const built = statSync(outFile, { throwIfNoEntry: false })?.mtimeMs;
    if (built === undefined) return true;
    return [...inputs, path.relative(root, fileURLToPath(import.meta.url))].some(
      (input) => newestMtime(path.join(root, input)) > built,
    );
  };
  const ifStale = process.argv.includes('--if-stale');
  if (ifStale && !isStale()) {
    console.log(`${label}: up to date in dist/${name} (skipped build)`);
    return;
  }
  const lock = path.join(root, `dist/.${name}-build.lock`);
  await acquireLock(lock);
  try {
    if (ifStale && !isStale()) {
      console.log(`${label}: built meanwhile by another process (skipped build)`);
      return;
    }
    const started = Date.now();
    const temporary = path.join(root, `dist/.${name}-${process.pid}`);
    rmSync(temporary, { recursive: true, force: true });
    await build(temporary);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(temporary, outDir);
    console.log(`${label}: built into dist/${name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
