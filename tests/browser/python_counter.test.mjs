// /counter of the Python host (bindings/python/examples/server.py), driven by the real client in
// Chromium: every diff comes from livediff's core through liblivediff_c.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHealthy, assertMatchesServer, openLive, text, waitInPage, waitText } from './helpers.mjs';
import { pythonSuite } from '../../bindings/python/tests/browser_host.mjs';

const s = pythonSuite();
before(() => s.setup());
after(() => s.teardown());

test('+, - and reset change the count, and the title follows', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/counter');
  assert.equal(await text(page, '#count'), '0');
  for (let i = 1; i <= 3; i++) {
    await page.click('#inc');
    await waitText(page, '#count', String(i));
  }
  await page.click('#dec');
  await waitText(page, '#count', '2');
  await waitInPage(page, () => document.title === 'Count: 2', null, { message: 'the title "Count: 2"' });
  await page.click('#reset');
  await waitText(page, '#count', '0');
  await page.click('#dec');
  await page.click('#dec');
  await waitText(page, '#count', '-2');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('rapid clicks are all counted, in order', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/counter');
  for (let i = 0; i < 20; i++) await page.click('#inc', { delay: 0 });
  await waitText(page, '#count', '20');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('each tab has its own counter, and a reload starts afresh', async () => {
  const context = await s.newContext();
  const a = await openLive(context, s.demo, '/counter');
  const b = await openLive(context, s.demo, '/counter');
  await a.click('#inc');
  await waitText(a, '#count', '1');
  await b.click('#dec');
  await waitText(b, '#count', '-1');
  assert.equal(await text(a, '#count'), '1');
  await a.reload();
  await a.waitForSelector('[data-phx-main].phx-connected');
  assert.equal(await text(a, '#count'), '0');
});

test('a pushed event and a hook reply reach the page', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/counter');
  await page.evaluate(() => {
    window.resets = [];
    window.addEventListener('phx:counter:reset', (e) => window.resets.push(e.detail));
  });
  await page.click('#inc');
  await page.click('#inc');
  await waitText(page, '#count', '2');
  await page.click('#reset');
  await waitInPage(page, () => window.resets.length === 1, null, { message: 'the counter:reset event' });
  assert.deepEqual(await page.evaluate(() => window.resets), [{ from: 2 }]);
  // pushEvent from a view's hook, through the client's own API, answered in the diff's "r".
  const reply = await page.evaluate(async () => {
    const view = window.liveSocket.main;
    return (await view.pushHookEvent(view.el, null, 'count', {})).reply;
  });
  assert.deepEqual(reply, { count: 0 });
  assertHealthy(page);
});
