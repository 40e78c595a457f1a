import { chromium, type Browser } from 'playwright-core';
import { ensureDebianPackage } from './debian.js';

/**
 * The flags this machine's closed network needs: without the background-networking ones,
 * Chromium keeps trying to reach Google's hosts and its connections are refused.
 */
const chromiumFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A launched browser and a way to close it and its throw-away profile. */
export interface TestBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches Debian's Chromium (installed on demand) headless through playwright-core.
 * Playwright gives every launch a fresh temporary profile (--user-data-dir) and removes it
 * on close.
 */
export async function launchChromium(): Promise<TestBrowser> {
  const executablePath = await ensureDebianPackage('chromium', '/usr/bin/chromium');
  const browser = await chromium.launch({ executablePath, headless: true, args: chromiumFlags });
  return { browser, close: () => browser.close() };
}
