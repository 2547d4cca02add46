/**
 * Start bench/server.ts the way `npm start` runs the app: bundled by esbuild into dist/bench and
 * run by plain Node, without the TypeScript loader (whose thread would add some 70 MiB to the
 * RSS the load benchmark reports). Answers the child and the port it printed on its first line.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { build } from 'esbuild';
import { root, serverBundleOptions } from '../scripts/build-lib.mjs';

let built: Promise<string> | null = null;

function bundle(): Promise<string> {
  built ??= (async () => {
    const outfile = path.join(root, 'dist/bench/server.mjs');
    await build({ ...serverBundleOptions, entryPoints: [path.join(root, 'bench/server.ts')], outfile });
    return outfile;
  })();
  return built;
}

export async function startBenchServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_NODE_ARGS: Node or V8 flags for the server processes (e.g. `--max-semi-space-size=4`).
  const flags = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...flags, await bundle()], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) =>
        reject(new Error(`bench server (${env.BENCH_ROLE ?? 'app'}) exited with ${code}`)),
      );
    });
    return { child, port: Object.values(JSON.parse(line) as Record<string, number>)[0]! };
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
}
