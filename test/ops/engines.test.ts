import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

// `npm ci` prints an EBADENGINE warning for every installed package whose `engines.node`
// does not admit the running Node. The project declares the oldest Node it supports in its own
// `engines`; every package in the lock file must admit that version, so that a user on it sees
// a clean install (issue 17, part 7). Overrides in package.json pin the ones that would not.
const root = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[]; optional?: boolean }>;
};

describe('the lock file', () => {
  it('holds no package whose engines refuse the oldest Node the project declares', () => {
    const oldest = semver.minVersion(root.engines.node);
    expect(oldest).not.toBeNull();
    const refused: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === '' || entry.engines === undefined || Array.isArray(entry.engines)) continue;
      const range = entry.engines.node;
      if (range === undefined) continue;
      if (!semver.satisfies(oldest as semver.SemVer, range, { includePrerelease: true })) {
        refused.push(`${path}@${entry.version} wants node ${range}`);
      }
    }
    expect(refused).toEqual([]);
  });
});
