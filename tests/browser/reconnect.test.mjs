// Transport (issue #7): the real client reconnects after the server drops the socket: the demo
// is killed (SIGKILL) and started again on the same port while a page is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertHealthy, assertMatchesServer, freePort, launchBrowser, openLive, startDemo, text, waitInPage, waitText,
  waitViewConnected,
} from './helpers.mjs';

test('the client reconnects after the server is killed and started again on the same port', async () => {
  const port = await freePort();
  // One secret for both runs, so the page's signed session is still valid after the restart.
  const env = { LIVEDIFF_SECRET_KEY: 'browser-test-reconnect-secret-0123456789abcdef' };
  let demo = await startDemo({ port, env });
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext();
    const page = await openLive(context, demo, '/counter');
    await page.click('#inc');
    await waitText(page, '#count', '1');
    await page.evaluate(() => { window.beforeRestart = 'kept'; });

    await demo.kill(); // SIGKILL: the socket drops without a goodbye
    await waitInPage(page, () => !document.querySelector('[data-phx-main]').classList.contains('phx-connected'), null, {
      message: 'the client to notice the dropped socket',
      describe: () => document.querySelector('[data-phx-main]').className,
    });

    demo = await startDemo({ port, env });
    page.demo = demo;
    await waitInPage(page, () => document.querySelector('[data-phx-main]').classList.contains('phx-connected'), null, {
      timeout: 10000,
      message: 'the client to reconnect and rejoin',
      describe: () => document.querySelector('[data-phx-main]').className,
    });
    assert.equal(await page.evaluate(() => window.beforeRestart), 'kept', 'rejoined without reloading the page');
    // The new server mounted a fresh view: its state starts over.
    await waitText(page, '#count', '0');
    await page.click('#inc');
    await waitText(page, '#count', '1');
    await page.click('#inc');
    await waitText(page, '#count', '2');
    await assertMatchesServer(page, demo, { label: 'after reconnecting' });
    // Chromium logs each refused connection attempt while the server is down.
    page.errors = page.errors.filter((e) => !/WebSocket connection to .* failed/.test(e));
    assertHealthy(page);
  } finally {
    await browser.close();
    const stopped = await demo.stop();
    assert.equal(stopped.code, 0, `the restarted demo stops cleanly (${JSON.stringify(stopped)})`);
  }
});

test('the client recovers after the demo is killed and started again as it was, on the same port', async () => {
  // The demo signs sessions and CSRF tokens with a random secret unless LIVEDIFF_SECRET_KEY is set,
  // so the restarted server no longer accepts what the page holds; the page must still recover
  // (a rejoin, or a reload of the page as LiveView does when a join is refused).
  const port = await freePort();
  let demo = await startDemo({ port });
  const browser = await launchBrowser();
  try {
    const page = await openLive(await browser.newContext(), demo, '/counter');
    await page.click('#inc');
    await waitText(page, '#count', '1');
    await demo.kill();
    await waitInPage(page, () => !document.querySelector('[data-phx-main]').classList.contains('phx-connected'), null, { message: 'disconnected' });
    demo = await startDemo({ port });
    page.demo = demo;
    await waitInPage(page, () => document.querySelector('[data-phx-main]')?.classList.contains('phx-connected'), null, {
      timeout: 10000,
      message: 'the client to recover',
      describe: () => document.querySelector('[data-phx-main]')?.className,
    });
    assert.equal(await text(page, '#count'), '0');
    await page.click('#inc');
    await waitText(page, '#count', '1');
    await assertMatchesServer(page, demo, { label: 'after recovering' });
  } finally {
    await browser.close();
    await demo.stop();
  }
});

test('nested views rejoin with their parent after the server is killed and started again', async () => {
  const port = await freePort();
  const env = { LIVEDIFF_SECRET_KEY: 'browser-test-reconnect-secret-0123456789abcdef' };
  let demo = await startDemo({ port, env });
  const browser = await launchBrowser();
  try {
    const page = await openLive(await browser.newContext(), demo, '/dashboard');
    await waitViewConnected(page, 'dash-counter');
    await page.click('#panel-inc');
    await waitText(page, '#panel-count', '1');
    await page.evaluate(() => { window.beforeRestart = 'kept'; });
    await demo.kill();
    await waitInPage(page, () => !document.querySelector('[data-phx-main]').classList.contains('phx-connected'), null, { message: 'disconnected' });
    demo = await startDemo({ port, env });
    page.demo = demo;
    await waitViewConnected(page, 'dash-counter');
    await waitViewConnected(page, 'dash-clock');
    assert.equal(await page.evaluate(() => window.beforeRestart), 'kept', 'rejoined without reloading the page');
    await waitText(page, '#panel-count', '0');
    await page.click('#panel-inc');
    await waitText(page, '#panel-count', '1');
    await assertMatchesServer(page, demo, { label: 'the dashboard after reconnecting' });
    await assertMatchesServer(page, demo, { viewId: 'dash-counter', label: 'the panel after reconnecting' });
  } finally {
    await browser.close();
    await demo.stop();
  }
});
