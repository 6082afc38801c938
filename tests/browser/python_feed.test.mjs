// /feed of the Python host (bindings/python/examples/server.py): a million posts, pages loaded as
// the user scrolls (phx-viewport-bottom, then phx-viewport-top on the way back up), the DOM bounded
// by the stream limit (60), new posts arriving at the top live (one every 2 s); every diff comes
// from livediff's core through liblivediff_c, checked against the host's own render.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHealthy, assertMatchesServer, openLive, waitFor } from './helpers.mjs';
import { pythonSuite } from '../../bindings/python/tests/browser_host.mjs';

const s = pythonSuite();
// A second browser stays at the top from the start; by the last test new posts have arrived.
let topPage = null;
let topFirst = null;
before(async () => {
  await s.setup();
  topPage = await openLive(await s.newContext(), s.demo, '/feed');
  topFirst = (await state(topPage)).ids[0];
});
after(() => s.teardown());

const LIMIT = 60;
const PAGE = 20;

/** The feed as shown: post ids in DOM order, the bindings, and the largest size seen so far. */
function state(page) {
  return page.evaluate(() => {
    const feed = document.querySelector('#feed');
    const ids = [...feed.querySelectorAll(':scope > article')].map((a) => Number(a.id.replace('posts-', '')));
    return {
      ids,
      top: feed.getAttribute('phx-viewport-top'),
      bottom: feed.getAttribute('phx-viewport-bottom'),
      maxSeen: window.feedMaxSeen,
    };
  });
}

/** From now on, records the largest number of articles the feed ever held after a patch. */
async function watchSize(page) {
  await page.evaluate(() => {
    const feed = document.querySelector('#feed');
    window.feedMaxSeen = feed.querySelectorAll(':scope > article').length;
    new MutationObserver(() => {
      window.feedMaxSeen = Math.max(window.feedMaxSeen, feed.querySelectorAll(':scope > article').length);
    }).observe(feed, { childList: true });
  });
}

/** Ids must run down by one, without gaps or repeats; each article shows its own post. */
async function assertConsistent(page, where) {
  const { ids } = await state(page);
  for (let i = 1; i < ids.length; i++) {
    assert.equal(ids[i], ids[i - 1] - 1, `${where}: posts are consecutive, newest first (${ids.slice(Math.max(0, i - 2), i + 2).join(', ')})`);
  }
  const wrong = await page.evaluate(() => [...document.querySelectorAll('#feed > article')].filter((a) => {
    const id = a.id.replace('posts-', '');
    return a.querySelector('header b')?.textContent !== `#${id}` || !a.querySelector('p')?.textContent.startsWith(`Post number ${id} about `);
  }).map((a) => a.outerHTML));
  assert.deepEqual(wrong, [], `${where}: every article shows its own post`);
}

/**
 * Scrolls to one end of the page and waits for the feed to load a page there. The hook reacts to
 * scroll events in the direction of travel (throttled to one push per 500 ms), so when already at
 * the end it first moves away a little, lets that scroll event fire, and comes back.
 */
async function scrollAndLoad(page, direction) {
  const before = await state(page);
  // Down: the last post is much older (a post arriving at the top can prune one at the bottom,
  // which is no page). Up: the first post is newer (new posts only arrive live at the top).
  const loaded = direction === 'down' ? (st) => st.ids.at(-1) <= before.ids.at(-1) - PAGE / 2 : (st) => st.ids[0] > before.ids[0];
  let nextNudge = 0;
  await waitFor(async () => {
    const st = await state(page);
    // A page loaded, or (at an end) the binding went away.
    if (loaded(st) || st.top !== before.top || st.bottom !== before.bottom) return true;
    if (Date.now() >= nextNudge) {
      nextNudge = Date.now() + 700;
      await page.evaluate(async (dir) => {
        const scrolled = () => new Promise((ok) => {
          window.addEventListener('scroll', ok, { once: true });
          setTimeout(ok, 150);
        });
        const end = dir === 'down' ? document.documentElement.scrollHeight - window.innerHeight : 0;
        if (Math.abs(window.scrollY - end) < 2) {
          window.scrollTo(0, dir === 'down' ? end - 300 : 300);
          await scrolled();
        }
        window.scrollTo(0, dir === 'down' ? document.documentElement.scrollHeight : 0);
      }, direction);
    }
    return false;
  }, { timeout: 6000, message: `a page to load scrolling ${direction}` });
  return state(page);
}

/** Opens the feed and scrolls down at least ten pages (200 posts), checking the DOM bound. */
let scrolledDown = null; // the page the first test scrolled down, for the second to scroll back up

async function openAndScrollDown() {
  const page = await openLive(await s.newContext(), s.demo, '/feed');
  await watchSize(page);
  let st = await state(page);
  // The first page, and maybe a post or two that arrived live since.
  assert.ok(st.ids.length >= PAGE && st.ids.length <= PAGE + 3, `the first page (${st.ids.length} posts)`);
  assert.ok(st.ids[0] >= 1000000, `the newest post first, got ${st.ids[0]}`);
  assert.equal(st.top, null, 'at the top there is nothing to load above');
  assert.equal(st.bottom, 'next-page');
  await assertConsistent(page, 'first page');
  const newestAtLoad = st.ids[0];

  // A fast scroll may load more than one page at a time; a post arriving while the full window is
  // still at the top prunes one at the bottom.
  const firstLast = st.ids.at(-1);
  for (let i = 1; firstLast - st.ids.at(-1) < 10 * PAGE - 5; i++) {
    assert.ok(i <= 15, 'ten pages in at most 15 scrolls');
    const prevLast = st.ids.at(-1);
    st = await scrollAndLoad(page, 'down');
    const moved = prevLast - st.ids.at(-1);
    assert.ok(moved >= PAGE - 3 && (moved % PAGE <= 3 || moved % PAGE >= PAGE - 3), `scroll ${i} down loads whole pages (moved ${moved})`);
    assert.ok(st.ids.length <= LIMIT, `scroll ${i} down: ${st.ids.length} articles in the DOM`);
  }
  return { page, st, newestAtLoad };
}

test('scrolling down loads page after page, the DOM bounded by the stream limit', async () => {
  const { page, st, newestAtLoad } = await openAndScrollDown();
  assert.equal(st.ids.length, LIMIT, 'the window is full');
  assert.equal(st.top, 'prev-page', 'away from the top, phx-viewport-top is bound');
  assert.equal(st.bottom, 'next-page');
  assert.ok(st.maxSeen <= LIMIT, `the DOM never held more than ${LIMIT} articles (max seen ${st.maxSeen})`);
  await assertConsistent(page, 'after scrolling down');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
  scrolledDown = { page, newestAtLoad };
});

test('scrolling back up loads the pruned pages again, in order, the DOM still bounded', async () => {
  const { page, newestAtLoad } = scrolledDown ?? await openAndScrollDown();
  let st = await state(page);
  const sentBefore = page.wsFrames.length;
  for (let i = 1; st.top !== null; i++) {
    assert.ok(i <= 15, 'back at the top in at most 15 scrolls');
    const prevFirst = st.ids[0];
    st = await scrollAndLoad(page, 'up');
    assert.ok(st.ids[0] > prevFirst || st.top === null, `scrolling up loads newer posts (${prevFirst} -> ${st.ids[0]})`);
    assert.ok(st.ids.length <= LIMIT, `scroll ${i} up: ${st.ids.length} articles in the DOM`);
    await assertConsistent(page, `scroll ${i} up${overlapNote(page, sentBefore)}`);
  }
  assert.ok(st.ids[0] >= newestAtLoad, `back at the newest posts (${st.ids[0]}, ${newestAtLoad} at load)`);
  assert.ok(st.maxSeen <= LIMIT, `the DOM never held more than ${LIMIT} articles (max seen ${st.maxSeen})${overlapNote(page, sentBefore)}`);
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

/** Explains a failure after two prev-page events were in flight at once. */
function overlapNote(page, from) {
  const sent = page.wsFrames.slice(from).filter((f) => f.dir === 'sent' && f.data.includes('"prev-page"'));
  const overran = sent.filter((f) => f.data.includes('"_overran":true')).length;
  return overran
    ? ` [the client's InfiniteScroll hook sent ${overran} prev-page event(s) with _overran:true together with a plain prev-page; the host loads a page for each, and the first reply, patched while the stream container is locked by the second event, lands at the bottom on unlock]`
    : '';
}

test('new posts arrive at the top live', async () => {
  const page = topPage;
  await watchSize(page);
  // The host broadcasts a new post every 2 s.
  const st = await waitFor(async () => {
    const now = await state(page);
    return now.ids[0] >= topFirst + 2 ? now : null;
  }, { timeout: 7000, interval: 100, message: `two new posts above #${topFirst}` });
  assert.ok(st.ids.length <= LIMIT && st.ids.length >= PAGE + 2, `the new posts were added (${st.ids.length} shown)`);
  assert.equal(st.top, null, 'still at the top');
  await assertConsistent(page, 'after new posts');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});
