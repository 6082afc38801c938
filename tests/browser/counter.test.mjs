// /counter: +, - and reset, driven by the real client; each tab has its own count.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMatchesServer, assertNoPageErrors, openLive, suite, text, waitText } from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

test('+, - and reset change the count', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/counter');
  assert.equal(await text(page, '#count'), '0');
  for (let i = 1; i <= 3; i++) {
    await page.click('#inc');
    await waitText(page, '#count', String(i));
  }
  await page.click('#dec');
  await waitText(page, '#count', '2');
  await page.click('#reset');
  await waitText(page, '#count', '0');
  await page.click('#dec');
  await page.click('#dec');
  await waitText(page, '#count', '-2');
  await assertMatchesServer(page, s.demo);
  assertNoPageErrors(page);
});

test('rapid clicks are all counted, in order', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/counter');
  for (let i = 0; i < 20; i++) await page.click('#inc', { delay: 0 });
  await waitText(page, '#count', '20');
  await assertMatchesServer(page, s.demo);
  assertNoPageErrors(page);
});

test('each tab has its own counter', async () => {
  const context = await s.newContext();
  const a = await openLive(context, s.demo, '/counter');
  const b = await openLive(context, s.demo, '/counter');
  await a.click('#inc');
  await waitText(a, '#count', '1');
  await b.click('#dec');
  await waitText(b, '#count', '-1');
  assert.equal(await text(a, '#count'), '1');
  // A fresh page load mounts a fresh view.
  await a.reload();
  await a.waitForSelector('[data-phx-main].phx-connected');
  assert.equal(await text(a, '#count'), '0');
});
