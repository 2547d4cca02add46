import { existsSync } from 'node:fs';
import pg from 'pg';
import { browserExecutable } from './helpers/browser-available';

/**
 * Say plainly, once, which suites this run leaves out and how to switch them on; refuse to
 * start when a suite was asked for (CI) but cannot run, rather than skip it quietly.
 */
export default async function setup() {
  const skipped: string[] = [];
  const pgUrl = process.env.OUTPOST_TEST_DATABASE_URL;
  if (!pgUrl) {
    skipped.push(
      'PostgreSQL suites: set OUTPOST_TEST_DATABASE_URL=postgres://… to run every API test on PostgreSQL too',
    );
  } else {
    const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 5000 });
    try {
      await client.connect();
      await client.query('select 1');
    } catch (err) {
      throw new Error(
        `OUTPOST_TEST_DATABASE_URL is set but PostgreSQL does not answer there (${(err as Error).message}). ` +
          'Start it, or unset the variable to run the SQLite suites only.',
      );
    } finally {
      await client.end().catch(() => {});
    }
  }
  if (process.env.OUTPOST_TEST_BROWSER === '0') {
    skipped.push('browser suites: OUTPOST_TEST_BROWSER=0');
  } else if (!existsSync(browserExecutable())) {
    if (process.env.OUTPOST_TEST_BROWSER === '1') {
      throw new Error(
        `OUTPOST_TEST_BROWSER=1 but there is no chromium at ${browserExecutable()} (apt-get install -y chromium, or set OUTPOST_CHROMIUM).`,
      );
    }
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
