// /search: search-as-you-type over the product catalogue, phx-debounce="300", a loading
// indicator while the search runs, and a "no results for …" message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertHealthy, assertMatchesServer, count, openLive, sentMessages, sleep, suite, text, waitInPage,
} from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

const results = (page) => page.evaluate(() => [...document.querySelectorAll('#results > li')].map((li) => li.textContent));
const searches = (page) => sentMessages(page).filter((m) => m[4].event === 'search');

/** Records, from now on, whether the loading indicator was ever in the DOM. */
async function watchLoading(page) {
  await page.evaluate(() => {
    window.loadingSeen = !!document.querySelector('#loading');
    new MutationObserver(() => {
      if (document.querySelector('#loading')) window.loadingSeen = true;
    }).observe(document.querySelector('[data-phx-main]'), { subtree: true, childList: true });
  });
}

async function waitResults(page, pred, message) {
  await waitInPage(page, pred, null, {
    message,
    describe: () => ({ results: document.querySelector('#results')?.children.length, html: document.querySelector('[data-phx-main] section')?.innerHTML.slice(0, 400) }),
  });
}

test('typing searches once, 300 ms after the last keystroke, with a loading state', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/search');
  assert.equal(await count(page, '#results > li'), 0);
  assert.equal(await count(page, '#loading'), 0, 'no loading indicator before searching');
  assert.equal(await count(page, '#no-results'), 0, 'no "no results" message for an empty query');
  await watchLoading(page);

  // Keystroke and send times, both taken in the page.
  await page.evaluate(() => {
    window.keys = [];
    window.searchSends = [];
    document.querySelector('#q').addEventListener('input', () => window.keys.push(performance.now()));
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) {
      if (typeof data === 'string' && data.includes('"event":"search"')) window.searchSends.push({ at: performance.now(), data });
      return send.call(this, data);
    };
  });
  await page.click('#q');
  await page.keyboard.type('steel lamp', { delay: 40 });
  await waitResults(page, () => document.querySelectorAll('#results > li').length === 8, 'search results');
  const { keys, sends } = await page.evaluate(() => ({ keys: window.keys, sends: window.searchSends }));
  assert.equal(keys.length, 'steel lamp'.length);
  // Debounce: an event goes out only after 300 ms without typing, so one for the whole word
  // (plus one for each pause of 300 ms or more between keys, should the machine be that slow).
  const pauses = keys.slice(1).filter((k, i) => k - keys[i] >= 300).length;
  assert.ok(sends.length >= 1 && sends.length <= 1 + pauses,
    `${sends.length} search events for ${keys.length} keystrokes with ${pauses} pauses of 300 ms: ${sends.map((x) => x.data).join(' ')}`);
  for (const send of sends) {
    const lastKey = Math.max(...keys.filter((k) => k <= send.at));
    assert.ok(send.at - lastKey >= 290, `a search went out ${Math.round(send.at - lastKey)} ms after a keystroke; the debounce is 300 ms`);
  }
  assert.match(sends.at(-1).data, /"value":"q=steel\+lamp"/, 'the last search is for the whole query');
  assert.deepEqual(searches(page).map((m) => m[4].value).at(-1), 'q=steel+lamp');

  const found = await results(page);
  assert.equal(found.length, 8, `8 steel lamps in the catalogue, got ${JSON.stringify(found)}`);
  for (const r of found) assert.match(r, /^\w+ Steel Lamp$/);
  assert.ok(await page.evaluate(() => window.loadingSeen), 'the loading indicator showed while searching');
  await waitInPage(page, () => !document.querySelector('#loading'), null, { message: 'the loading indicator to go away' });
  assert.equal(await count(page, '#no-results'), 0);
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('case-insensitive, at most 50 results, and updates as the query changes', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/search');
  await page.fill('#q', 'LAMP');
  await waitResults(page, () => document.querySelectorAll('#results > li').length === 50, '50 results for "LAMP"');
  for (const r of await results(page)) assert.match(r, /Lamp/);

  await page.fill('#q', 'rustic bronze');
  await waitResults(page, () => [...document.querySelectorAll('#results > li')].length === 8
    && [...document.querySelectorAll('#results > li')].every((li) => li.textContent.startsWith('Rustic Bronze ')), 'the Rustic Bronze products');
  const ids = await page.evaluate(() => [...document.querySelectorAll('#results > li')].map((li) => li.id));
  assert.equal(new Set(ids).size, 8, 'every result has its own id');
  for (const id of ids) assert.match(id, /^product-\d+$/);
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('a query without matches says so, and clearing it removes results and message', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/search');
  await page.fill('#q', 'chair');
  await waitResults(page, () => document.querySelectorAll('#results > li').length > 0, 'results for "chair"');

  await page.fill('#q', 'zebra <b>x</b>');
  await waitInPage(page, () => document.querySelector('#no-results'), null, { message: 'the "no results" message' });
  assert.equal(await text(page, '#no-results'), 'No results for “zebra <b>x</b>”', 'the query shows as text, escaped');
  assert.equal(await count(page, '#no-results b'), 0, 'the query is not markup');
  assert.equal(await count(page, '#results > li'), 0, 'the earlier results are gone');
  await assertMatchesServer(page, s.demo);

  await page.fill('#q', '');
  await waitInPage(page, () => !document.querySelector('#no-results') && !document.querySelector('#loading'), null, {
    message: 'the message to go away for an empty query',
  });
  await sleep(50);
  assert.equal(await count(page, '#results > li'), 0);
  await assertMatchesServer(page, s.demo);

  // Submitting the form (Enter) searches at once too.
  await page.fill('#q', 'wallet');
  await page.press('#q', 'Enter');
  await waitResults(page, () => document.querySelectorAll('#results > li').length > 0
    && [...document.querySelectorAll('#results > li')].every((li) => li.textContent.endsWith('Wallet')), 'wallets');
  assertHealthy(page);
});
