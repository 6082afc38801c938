// /dashboard: nested live views joined by the real client on the page's one socket, each with its
// own state, events and diffs; a nested view leaves with its container and crashes alone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertMatchesServer, assertNoViewCrash, mainViewId, openLive, sentMessages, suite, text,
  waitFor, waitInPage, waitText, waitViewConnected,
} from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

/** Topics the page joined, in order. */
const joins = (page) => sentMessages(page, 'phx_join').map((m) => m[2]);

test('the dead render holds the nested views, which then join on the same socket', async () => {
  const res = await fetch(new URL('/dashboard', s.demo.url));
  const html = await res.text();
  assert.match(html, /<div id="dash-counter" data-phx-session="" data-phx-static="" data-phx-parent-id="phx-[^"]+"><article class="panel"><h2>Counter panel<\/h2>/);

  const page = await openLive(await s.newContext(), s.demo, '/dashboard');
  await waitViewConnected(page, 'dash-counter');
  await waitViewConnected(page, 'dash-clock');
  const main = await mainViewId(page);
  assert.deepEqual(joins(page).sort(), [`lv:${main}`, 'lv:dash-clock', 'lv:dash-counter'].sort());
  assert.equal(page.webSockets.length, 1, 'one socket carries every view');
  // The clock ticks on its own; its diffs go to its topic only.
  await waitFor(async () => Number(await text(page, '#clock-ticks')) >= 2, { timeout: 5000, message: 'two clock ticks' });
  const clockDiffs = page.wsFrames.filter((f) => f.dir === 'received' && f.data.includes('"diff"'))
    .map((f) => JSON.parse(f.data)[2]);
  assert.ok(clockDiffs.length >= 2 && clockDiffs.every((t) => t === 'lv:dash-clock'), JSON.stringify(clockDiffs));
  await assertMatchesServer(page, s.demo);
  await assertMatchesServer(page, s.demo, { viewId: 'dash-counter' });
  await assertMatchesServer(page, s.demo, { viewId: 'dash-clock' });
  assertNoViewCrash(page);
});

test('each view keeps its state: events go to their own view and parent renders leave children alone', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/dashboard');
  await waitViewConnected(page, 'dash-counter');
  for (let i = 1; i <= 3; i++) {
    await page.click('#panel-inc');
    await waitText(page, '#panel-count', String(i));
  }
  const incs = sentMessages(page).filter((m) => m[4].event === 'inc');
  assert.deepEqual([...new Set(incs.map((m) => m[2]))], ['lv:dash-counter']);

  await page.click('#parent-inc');
  await waitText(page, '#parent-count', '1');
  assert.equal(await text(page, '#panel-count'), '3', 'the parent render kept the nested view');

  // The nested view tells its parent (send_parent), whose render shows it.
  await page.click('#panel-notify');
  await waitText(page, '#heard', '1');
  await waitText(page, '#last-count', '3');
  await assertMatchesServer(page, s.demo);
  await assertMatchesServer(page, s.demo, { viewId: 'dash-counter' });
  assertNoViewCrash(page);
});

test('a nested view leaves with its container and joins afresh when it comes back', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/dashboard');
  await waitViewConnected(page, 'dash-clock');
  await page.click('#toggle-clock');
  await waitInPage(page, () => !document.getElementById('dash-clock'), null, { message: 'the clock to go' });
  await waitFor(() => sentMessages(page, 'phx_leave').some((m) => m[2] === 'lv:dash-clock'), { message: 'a phx_leave for the clock' });
  await page.click('#toggle-clock');
  await waitViewConnected(page, 'dash-clock');
  assert.equal(joins(page).filter((t) => t === 'lv:dash-clock').length, 2);
  await waitFor(async () => Number(await text(page, '#clock-ticks')) >= 1, { message: 'the new clock to tick' });
  await assertMatchesServer(page, s.demo, { viewId: 'dash-clock' });
  assertNoViewCrash(page);
});

test('a crashing nested view recovers alone', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/dashboard');
  await waitViewConnected(page, 'dash-counter');
  await page.click('#parent-inc');
  await waitText(page, '#parent-count', '1');
  await page.click('#panel-inc');
  await waitText(page, '#panel-count', '1');
  await page.click('#panel-crash');
  await waitFor(() => page.wsFrames.some((f) => f.dir === 'received' && f.data.includes('"lv:dash-counter","phx_error"')),
    { message: 'phx_error for the counter panel' });
  // The client rejoins it: a fresh mount, while the dashboard and the clock keep their state.
  await waitFor(() => joins(page).filter((t) => t === 'lv:dash-counter').length >= 2, { message: 'the panel to rejoin' });
  await waitViewConnected(page, 'dash-counter');
  await waitText(page, '#panel-count', '0');
  assert.equal(await text(page, '#parent-count'), '1');
  const main = await mainViewId(page);
  assert.ok(!page.wsFrames.some((f) => f.dir === 'received' && f.data.includes(`"lv:${main}","phx_error"`)));
  await page.click('#panel-inc');
  await waitText(page, '#panel-count', '1');
  await assertMatchesServer(page, s.demo, { viewId: 'dash-counter' });
  assert.deepEqual(page.errors.filter((e) => !e.startsWith('console:')), []);
});
