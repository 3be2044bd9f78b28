// Launches the Debian Chromium headless through playwright-core (installed by tests/setup/browser.sh into the tools
// folder named by OBJECTQL_BROWSER_TOOLS); Playwright's own browser download is never used.
import { createRequire } from 'node:module';
import { join } from 'node:path';

export async function launch() {
  const tools = process.env.OBJECTQL_BROWSER_TOOLS;
  const require = createRequire(join(tools, 'package.json'));
  const { chromium } = require('playwright-core');
  return chromium.launch({
    executablePath: process.env.OBJECTQL_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
