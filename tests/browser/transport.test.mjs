// Transport (issue #7): the real client loads a page, connects, clicks, types into forms, patches
// and navigates, and after every step the DOM equals the server's own render of the view.
// (Reconnecting after the server drops the socket: reconnect.test.mjs.)
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertHealthy, assertMatchesServer, openLive, sentMessages, suite, waitInPage, waitText,
} from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

const check = (page, label) => assertMatchesServer(page, s.demo, { label });

test('a page load renders on the server, then the client joins over the WebSocket', async () => {
  // The dead render already holds the view.
  const res = await fetch(new URL('/counter', s.demo.url));
  assert.equal(res.status, 200);
  const html = await res.text();
  assert.match(html, /<div id="phx-[^"]+" data-phx-main data-phx-session="[^"]+"/);
  assert.match(html, /The current count is: <span class="value" id="count">0<\/span>/);
  assert.match(html, /<script defer src="\/assets\/app\.js"><\/script>/);

  const page = await openLive(await s.newContext(), s.demo, '/counter');
  assert.ok(page.wsFrames.length > 0, 'the client talked over a WebSocket');
  const join = sentMessages(page, 'phx_join').find((m) => m[2].startsWith('lv:'));
  assert.ok(join, 'the client joined the live view');
  assert.equal(join[2], `lv:${await page.evaluate(() => document.querySelector('[data-phx-main]').id)}`);
  assert.ok(join[4].session && join[4].params._csrf_token, 'the join carries the session and the CSRF token');
  await check(page, 'after join');
  assertHealthy(page);
});

test('counter: the DOM equals the server render after every click', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/counter');
  await check(page, 'joined');
  for (const [button, want] of [['#inc', '1'], ['#inc', '2'], ['#dec', '1'], ['#reset', '0'], ['#dec', '-1']]) {
    await page.click(button);
    await waitText(page, '#count', want);
    await check(page, `after ${button} (${want})`);
  }
  assertHealthy(page);
});

test('search: the DOM equals the server render while typing', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/search');
  await check(page, 'joined');
  await page.click('#q');
  await page.keyboard.type('gorgeous', { delay: 10 });
  await waitInPage(page, () => document.querySelectorAll('#results > li').length === 50, null, { message: 'results for gorgeous' });
  await check(page, 'results');
  await page.keyboard.type(' cotton', { delay: 10 });
  await waitInPage(page, () => document.querySelectorAll('#results > li').length === 8, null, { message: 'results for gorgeous cotton' });
  await check(page, 'fewer results');
  await page.keyboard.type('xyz', { delay: 10 });
  await waitInPage(page, () => document.querySelector('#no-results'), null, { message: 'no results' });
  await check(page, 'no results');
  assertHealthy(page);
});

test('register: the DOM equals the server render through validation and navigation', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/register');
  await check(page, 'joined');
  const steps = [
    ['#user_name', 'Transport Tester'],
    ['#user_email', 'no-at-sign'],
    ['#user_password', 'abc'],
    ['#user_email', 'transport@example.com'],
    ['#user_name', ''],
  ];
  for (const [field, value] of steps) {
    await page.fill(field, value);
    await check(page, `after typing ${JSON.stringify(value)} into ${field}`);
  }
  await page.click('#save');
  await waitInPage(page, () => document.querySelectorAll('#register p.error').length === 2, null, { message: 'errors after submit' });
  await check(page, 'after an invalid submit');
  await page.fill('#user_name', 'Transport Tester');
  await page.fill('#user_password', 'long enough');
  await check(page, 'valid');
  await page.click('#save');
  await page.waitForURL((u) => u.pathname === '/users');
  await waitInPage(page, () => document.querySelector('#users') && document.querySelector('[data-phx-main]').classList.contains('phx-connected'), null, { message: 'the users view' });
  await check(page, 'after navigating to /users');
  assertHealthy(page);
});

test('posts: the DOM equals the server render after patches and navigation', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/posts');
  await check(page, 'joined');
  await page.click('#sort-oldest');
  await page.waitForURL((u) => u.search === '?sort=oldest');
  await waitInPage(page, () => document.querySelector('#sort-oldest.active'), null, { message: 'oldest active' });
  await check(page, 'after patching to oldest');
  await page.click('#posts a[href="/posts/7"]');
  await waitInPage(page, () => document.querySelector('#post h1')?.textContent.startsWith('Post 7:'), null, { message: 'post 7' });
  await check(page, 'after navigating to a post');
  await page.goBack();
  await waitInPage(page, () => document.querySelector('#sort-oldest.active'), null, { message: 'the list after back' });
  await check(page, 'after back');
  await page.click('#sort-newest');
  await waitInPage(page, () => document.querySelector('#sort-newest.active'), null, { message: 'newest active' });
  await check(page, 'after patching to newest');
  assertHealthy(page);
});

test('table: the DOM equals the server render after every operation', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/table');
  await check(page, 'joined');
  const ops = [
    ['#run', () => document.querySelectorAll('#tbody > tr').length === 1000],
    ['#add', () => document.querySelectorAll('#tbody > tr').length === 2000],
    ['#update', () => document.querySelector('#tbody > tr:nth-child(1991) > td:nth-child(2)').textContent.endsWith('!!!')],
    ['#swaprows', () => document.querySelector('#tbody > tr:nth-child(2) > td').textContent === document.querySelector('#tbody > tr:nth-child(1) > td').textContent.replace(/\d+/, (n) => String(Number(n) + 998))],
    ['#tbody > tr:nth-child(3) a[phx-click="select"]', () => document.querySelector('#tbody > tr:nth-child(3)').className === 'danger'],
    ['#tbody > tr:nth-child(4) a.remove', () => document.querySelectorAll('#tbody > tr').length === 1999],
    ['#clear', () => document.querySelectorAll('#tbody > tr').length === 0],
  ];
  for (const [selector, done] of ops) {
    await page.click(selector);
    await waitInPage(page, done, null, { timeout: 15000, message: `${selector} to take effect` });
    await check(page, `after ${selector}`);
  }
  assertHealthy(page);
});
