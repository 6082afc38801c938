// /posts: ?sort=newest|oldest by live patch (the URL changes, no page load), /posts/:id by live
// navigation (no page load), and back through the browser's history.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertHealthy, assertMatchesServer, mainViewId, openLive, sentMessages, suite, text, waitInPage,
} from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

const NEWEST = Array.from({ length: 12 }, (_, i) => `/posts/${12 - i}`);
const OLDEST = [...NEWEST].reverse();

const order = (page) => page.evaluate(() => [...document.querySelectorAll('#posts a')].map((a) => a.getAttribute('href')));

async function waitOrder(page, expected, message) {
  await waitInPage(page, (want) => JSON.stringify([...document.querySelectorAll('#posts a')].map((a) => a.getAttribute('href'))) === JSON.stringify(want), expected, {
    message,
    describe: () => [...document.querySelectorAll('#posts a')].map((a) => a.getAttribute('href')).join(' '),
  });
}

const active = (page) => page.evaluate(() => [...document.querySelectorAll('a.active')].map((a) => a.id));
const path = (page) => { const u = new URL(page.url()); return u.pathname + u.search; };

test('sorting is a live patch: the URL changes, the page is not reloaded', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/posts');
  assert.deepEqual(await order(page), NEWEST, 'newest first by default');
  assert.deepEqual(await active(page), ['sort-newest']);
  await page.evaluate(() => { window.marker = 'kept'; });
  const joins = sentMessages(page, 'phx_join').length;

  await page.click('#sort-oldest');
  await waitOrder(page, OLDEST, 'the oldest-first order');
  assert.equal(path(page), '/posts?sort=oldest');
  assert.deepEqual(await active(page), ['sort-oldest']);
  assert.equal(await page.evaluate(() => window.marker), 'kept', 'no page load');
  assert.equal(sentMessages(page, 'live_patch').length, 1, 'the client sent one live_patch');
  assert.equal(sentMessages(page, 'phx_join').length, joins, 'a patch does not rejoin');
  await assertMatchesServer(page, s.demo);

  await page.click('#sort-newest');
  await waitOrder(page, NEWEST, 'the newest-first order');
  assert.equal(path(page), '/posts?sort=newest');
  assert.deepEqual(await active(page), ['sort-newest']);

  // History: back undoes the patch, forward redoes it, all without a page load.
  await page.goBack();
  await waitOrder(page, OLDEST, 'oldest first after back');
  assert.equal(path(page), '/posts?sort=oldest');
  await page.goBack();
  await waitOrder(page, NEWEST, 'newest first after back to /posts');
  assert.equal(path(page), '/posts');
  await page.goForward();
  await waitOrder(page, OLDEST, 'oldest first after forward');
  assert.equal(await page.evaluate(() => window.marker), 'kept', 'history moves are no page loads');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('a post is a live navigation, and back returns to the sorted list', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/posts?sort=oldest');
  assert.deepEqual(await order(page), OLDEST, '?sort=oldest on a page load');
  await page.evaluate(() => { window.marker = 'kept'; });
  const listView = await mainViewId(page);

  await page.click('#posts a[href="/posts/5"]');
  await waitInPage(page, () => document.querySelector('#post h1')?.textContent === 'Post 5: notes on live views', null, {
    message: 'post 5',
    describe: () => document.querySelector('[data-phx-main]')?.innerHTML.slice(0, 300),
  });
  assert.equal(path(page), '/posts/5');
  assert.equal(await text(page, '#post p'), 'This is the body of post 5. It was written on day 15.');
  assert.equal(await page.title(), 'Post 5: notes on live views', 'the post sets the page title');
  assert.equal(await page.evaluate(() => window.marker), 'kept', 'live navigation, not a page load');
  const join = sentMessages(page, 'phx_join').at(-1);
  assert.match(join[4].redirect ?? '', /\/posts\/5$/, 'the client joined the new view with redirect');
  assert.equal(await mainViewId(page), listView, 'the main container is reused');
  await waitInPage(page, () => document.querySelector('[data-phx-main]').classList.contains('phx-connected'), null, { message: 'connected' });
  await assertMatchesServer(page, s.demo);

  // Browser back: the list again, as it was sorted.
  await page.goBack();
  await waitOrder(page, OLDEST, 'the oldest-first list after back');
  assert.equal(path(page), '/posts?sort=oldest');
  assert.deepEqual(await active(page), ['sort-oldest']);
  assert.equal(await page.evaluate(() => window.marker), 'kept');
  await assertMatchesServer(page, s.demo);

  // Forward to the post, then its own "All posts" link (live navigation too).
  await page.goForward();
  await waitInPage(page, () => document.querySelector('#post h1')?.textContent.startsWith('Post 5:'), null, { message: 'post 5 after forward' });
  await page.click('#back');
  await waitOrder(page, NEWEST, 'the list after "All posts"');
  assert.equal(path(page), '/posts');
  assert.equal(await page.evaluate(() => window.marker), 'kept');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('an unknown post says so', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/posts/99');
  assert.equal(await text(page, '#post h1'), 'No such post');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('after live navigation back to /posts the page title is that of /posts, as on a page load', async () => {
  const context = await s.newContext();
  const fresh = await openLive(context, s.demo, '/posts');
  const listTitle = await fresh.title();

  const page = await openLive(context, s.demo, '/posts/3');
  assert.equal(await page.title(), 'Post 3: notes on live views');
  await page.click('#back');
  await waitOrder(page, NEWEST, 'the list after "All posts"');
  assert.equal(await page.title(), listTitle,
    `a page load of /posts is titled ${JSON.stringify(listTitle)}, but after live navigation from a post the tab is still titled ${JSON.stringify(await page.title())}: the Posts view never sets a title, so the previous view's stays`);
});
