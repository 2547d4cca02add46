/** The builds `npm start` runs from (dist/web, dist/server), made by the project's scripts when stale. */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const webDir = path.join(root, 'dist/web');
export const builtServer = path.join(root, 'dist/server/outpost.mjs');

function runBuild(script: string, what: string) {
  const res = spawnSync(process.execPath, [path.join(root, 'scripts', script), '--if-stale'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (res.status !== 0) throw new Error(`${what} build failed:\n${res.stdout}\n${res.stderr}`);
}

/** Run scripts/build-web.mjs --if-stale; throws with its output when the build fails. */
export const buildWebIfStale = () => runBuild('build-web.mjs', 'web');

/** Run scripts/build-server.mjs --if-stale; throws with its output when the build fails. */
export const buildServerIfStale = () => runBuild('build-server.mjs', 'server');
