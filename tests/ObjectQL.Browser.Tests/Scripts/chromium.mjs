// Launches the Debian Chromium headless through playwright-core (installed by tests/setup/browser.sh into the tools
// folder named by OBJECTQL_BROWSER_TOOLS); Playwright's own browser download is never used.
import { createRequire } from 'node:module';
import { join } from 'node:path';

function options() {
  return {
    executablePath: process.env.OBJECTQL_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  };
}

function chromium() {
  const require = createRequire(join(process.env.OBJECTQL_BROWSER_TOOLS, 'package.json'));
  return require('playwright-core').chromium;
}

export async function launch() {
  return chromium().launch(options());
}

// A browser on a profile folder (a context of its own, closed with the browser): its storage is files on disk, as in a
// user's browser, where a context of launch() is private and keeps OPFS in the browser's memory. `context` adds
// Playwright context options (a viewport, say).
export async function launchOnDisk(folder, context = {}) {
  return chromium().launchPersistentContext(folder, { ...options(), ...context });
}
