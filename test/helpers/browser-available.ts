import { existsSync } from 'node:fs';

export const browserExecutable = () => process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium';

/** Browser suites run when chromium is installed, unless OUTPOST_TEST_BROWSER=0. */
export const browserAvailable = () =>
  process.env.OUTPOST_TEST_BROWSER !== '0' && existsSync(browserExecutable());
