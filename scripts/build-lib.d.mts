// Types of build-lib.mjs for the TypeScript that imports it (bench/server-process.ts).
import type { BuildOptions } from 'esbuild';

export const root: string;
export const serverBundleOptions: BuildOptions;
export function buildTarget(target: {
  name: string;
  label: string;
  output: string;
  inputs: string[];
  build(folder: string): Promise<void>;
}): Promise<void>;
