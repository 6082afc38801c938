// /table: the js-framework-benchmark keyed table: create 1,000 and 10,000 rows, append 1,000,
// update every 10th row, swap rows 2 and 999, select a row, remove a row, clear.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHealthy, assertMatchesServer, count, openLive, suite, waitFor, waitInPage } from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

/** Every row as [id, label, class]. */
const rows = (page) => page.evaluate(() => [...document.querySelectorAll('#tbody > tr')].map((tr) => [
  Number(tr.children[0].textContent), tr.children[1].textContent, tr.className,
]));

async function waitRows(page, n, message, timeout = 15000) {
  await waitInPage(page, (want) => document.querySelectorAll('#tbody > tr').length === want, n, {
    timeout,
    interval: 50,
    message: `${message}: ${n} rows`,
    describe: () => document.querySelectorAll('#tbody > tr').length,
  });
}

const LABEL = /^[a-z]+ [a-z]+ [a-z]+$/;

function assertFresh(all, firstId, n, where) {
  assert.equal(all.length, n, `${where}: row count`);
  all.forEach(([id, label, cls], i) => {
    if (id !== firstId + i || !LABEL.test(label) || cls !== '') {
      assert.fail(`${where}: row ${i + 1} is ${JSON.stringify([id, label, cls])}, expected id ${firstId + i}, a fresh label, no class`);
    }
  });
}

test('create, update, swap, select, remove, append, clear', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/table');
  assert.equal(await count(page, '#tbody > tr'), 0);

  await page.click('#run');
  await waitRows(page, 1000, 'create');
  const created = await rows(page);
  assertFresh(created, created[0][0], 1000, 'create 1,000');
  const base = created[0][0];
  await assertMatchesServer(page, s.demo, { label: 'after create' });

  // Update every 10th row: rows 1, 11, 21, ... get " !!!".
  await page.click('#update');
  await waitInPage(page, () => document.querySelector('#tbody > tr:nth-child(991) > td:nth-child(2)').textContent.endsWith(' !!!'), null, { message: 'row 991 updated' });
  const updated = await rows(page);
  updated.forEach(([id, label], i) => {
    const want = i % 10 === 0 ? `${created[i][1]} !!!` : created[i][1];
    if (id !== created[i][0] || label !== want) assert.fail(`after update row ${i + 1} is ${id} "${label}", expected ${created[i][0]} "${want}"`);
  });
  await assertMatchesServer(page, s.demo, { label: 'after update' });

  // Swap rows: the 2nd and the 999th exchange places.
  await page.click('#swaprows');
  await waitInPage(page, (id) => Number(document.querySelector('#tbody > tr:nth-child(2) > td').textContent) === id, base + 998, { message: 'rows swapped' });
  const swapped = await rows(page);
  assert.deepEqual(swapped[1], updated[998]);
  assert.deepEqual(swapped[998], updated[1]);
  assert.deepEqual(swapped.filter((_, i) => i !== 1 && i !== 998), updated.filter((_, i) => i !== 1 && i !== 998), 'the other rows stay');
  // Swapping again swaps back.
  await page.click('#swaprows');
  await waitInPage(page, (id) => Number(document.querySelector('#tbody > tr:nth-child(2) > td').textContent) === id, base + 1, { message: 'rows swapped back' });
  await assertMatchesServer(page, s.demo, { label: 'after swap' });

  // Select a row: it alone gets class "danger"; selecting another moves it.
  await page.click('#tbody > tr:nth-child(5) a[phx-click="select"]');
  await waitInPage(page, () => document.querySelector('#tbody > tr:nth-child(5)').className === 'danger', null, { message: 'row 5 selected' });
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#tbody > tr.danger')].map((tr) => tr.children[0].textContent)), [String(base + 4)]);
  await page.click('#tbody > tr:nth-child(8) a[phx-click="select"]');
  await waitInPage(page, () => document.querySelector('#tbody > tr:nth-child(8)').className === 'danger', null, { message: 'row 8 selected' });
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#tbody > tr.danger')].map((tr) => tr.children[0].textContent)), [String(base + 7)], 'one selected row');
  await assertMatchesServer(page, s.demo, { label: 'after select' });

  // Remove a row: the 7th goes, the rest close up.
  const before7 = await rows(page);
  await page.click('#tbody > tr:nth-child(7) a.remove');
  await waitRows(page, 999, 'remove');
  const removed = await rows(page);
  assert.deepEqual(removed, before7.filter((_, i) => i !== 6), 'exactly the 7th row went');
  await assertMatchesServer(page, s.demo, { label: 'after remove' });

  // Append 1,000: the new ones come after, with the next ids.
  await page.click('#add');
  await waitRows(page, 1999, 'append');
  const appended = await rows(page);
  assert.deepEqual(appended.slice(0, 999), removed, 'the existing rows stay');
  assertFresh(appended.slice(999), base + 1000, 1000, 'append 1,000');
  await assertMatchesServer(page, s.demo, { label: 'after append' });

  await page.click('#clear');
  await waitRows(page, 0, 'clear');
  await assertMatchesServer(page, s.demo, { label: 'after clear' });
  assertHealthy(page);
});

test('create 10,000 rows, then 1,000 replace them', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/table');
  await page.click('#runlots');
  await waitRows(page, 10000, 'create 10,000', 30000);
  const lots = await rows(page);
  assertFresh(lots, lots[0][0], 10000, 'create 10,000');
  await assertMatchesServer(page, s.demo, { label: 'after 10,000', timeout: 10000 });

  await page.click('#run');
  await waitRows(page, 1000, 'create 1,000 over 10,000', 30000);
  const replaced = await rows(page);
  assertFresh(replaced, lots[0][0] + 10000, 1000, 'create 1,000 replaces all rows');
  // Swap rows needs 999 rows or more: with fewer it does nothing.
  await page.click('#clear');
  await waitRows(page, 0, 'clear');
  await page.click('#swaprows');
  await page.click('#update');
  await waitFor(async () => (await page.evaluate(() => document.querySelector('[data-phx-main]').className)).includes('phx-connected'), { message: 'still connected' });
  assert.equal(await count(page, '#tbody > tr'), 0);
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});
