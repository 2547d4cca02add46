import { existsSync } from 'node:fs';
import { browserExecutable } from './helpers/browser-available';

/** Say plainly, once, which suites this run leaves out and how to switch them on. */
export default function setup() {
  const skipped: string[] = [];
  if (!process.env.OUTPOST_TEST_DATABASE_URL) {
    skipped.push(
      'PostgreSQL suites: set OUTPOST_TEST_DATABASE_URL=postgres://… to run every API test on PostgreSQL too',
    );
  }
  if (process.env.OUTPOST_TEST_BROWSER === '0') {
    skipped.push('browser suites: OUTPOST_TEST_BROWSER=0');
  } else if (!existsSync(browserExecutable())) {
    skipped.push(
      `browser suites: no chromium at ${browserExecutable()} (apt-get install -y chromium, or set OUTPOST_CHROMIUM)`,
    );
  }
  const line = '-'.repeat(72);
  if (skipped.length) {
    console.log(`\n${line}\nSKIPPED in this run:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n${line}\n`);
  } else {
    console.log(`\n${line}\nRunning every suite: SQLite, PostgreSQL and the browser.\n${line}\n`);
  }
}
