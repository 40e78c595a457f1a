import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, launchChromium, testOutputDir, type TestBrowser } from '../harness/index.js';

const page = `<!doctype html><html><head><title>Weir smoke</title></head><body>
<button id="go" onclick="document.getElementById('out').textContent = 'clicked ' + (++window.n)">Go</button>
<p id="out">idle</p><script>window.n = 0</script></body></html>`;

describe('Chromium smoke (Debian chromium through playwright-core)', () => {
  let server: Server;
  let browser: TestBrowser;
  let url: string;

  before(async () => {
    const port = await freePort();
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(page);
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${port}/`;
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  it('loads a localhost page, clicks, and takes a screenshot', async () => {
    const tab = await browser.browser.newPage();
    await tab.goto(url);
    assert.equal(await tab.title(), 'Weir smoke');
    await tab.click('#go');
    await tab.click('#go');
    assert.equal(await tab.textContent('#out'), 'clicked 2');
    mkdirSync(testOutputDir, { recursive: true });
    const shot = await tab.screenshot({ path: join(testOutputDir, 'smoke-chromium.png') });
    assert.ok(shot.length > 1000, 'a non-empty PNG');
  });
});
