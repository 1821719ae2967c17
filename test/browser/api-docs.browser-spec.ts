import { chromium, Browser } from 'playwright-core';
import { GatewayTestApp, startGateway } from '../../apps/gateway/test/gateway-test-app';

/** swagger-ui really runs under the page's CSP: every operation drawn, nothing refused. */
describe('/docs in a browser', () => {
  let gateway: GatewayTestApp;
  let browser: Browser;

  beforeAll(async () => {
    gateway = await startGateway();
    // Debian's chromium; running as root in a container needs its own sandbox off.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await gateway?.close();
  });

  it('draws every operation of the document, with no CSP violation or script error', async () => {
    const doc = (await (await fetch(`${gateway.url}/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const operations = Object.values(doc.paths).reduce((n, item) => n + Object.keys(item).length, 0);
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
    page.on('pageerror', (err) => problems.push(err.message));
    await page.goto(`${gateway.url}/docs`);
    await page.locator('.opblock').nth(operations - 1).waitFor();
    expect(await page.locator('.opblock').count()).toBe(operations);
    expect(await page.locator('.swagger-ui .btn.authorize').count()).toBe(1);
    expect(problems).toEqual([]);
  });
});
