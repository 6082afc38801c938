// /register: name, email and password validated on every change, errors only on the fields the
// user touched (all of them after a submit), then a flash and a live navigation to /users, where
// the users kept in memory are listed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertHealthy, assertMatchesServer, openLive, repliedTo, sentMessages, suite, text, waitConnected, waitFor, waitInPage, waitText,
} from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

/** The error messages shown, by field: { name: [...], email: [...], password: [...] }. */
function errors(page) {
  return page.evaluate(() => {
    const out = { name: [], email: [], password: [] };
    for (const p of document.querySelectorAll('#register p.error')) out[p.dataset.errorFor].push(p.textContent);
    return out;
  });
}

async function waitErrors(page, expected, message) {
  await waitInPage(page, (want) => {
    const got = { name: [], email: [], password: [] };
    for (const p of document.querySelectorAll('#register p.error')) got[p.dataset.errorFor].push(p.textContent);
    return JSON.stringify(got) === JSON.stringify(want);
  }, expected, {
    message: `${message}: errors ${JSON.stringify(expected)}`,
    describe: () => [...document.querySelectorAll('#register p.error')].map((p) => `${p.dataset.errorFor}: ${p.textContent}`),
  });
}

const NONE = { name: [], email: [], password: [] };

test('validates on every change, showing errors only on touched fields', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/register');
  assert.deepEqual(await errors(page), NONE, 'a new form shows no errors');

  // Typing a valid name: every keystroke is validated, the untouched (invalid) fields stay quiet.
  await page.click('#user_name');
  await page.keyboard.type('Ann', { delay: 20 });
  const validates = () => sentMessages(page).filter((m) => m[4].event === 'validate');
  await waitFor(() => validates().length >= 3 && repliedTo(page, validates()) === validates().length, { message: 'three validate events answered' });
  assert.ok(validates().length >= 3, `one validate event per keystroke, got ${validates().length}`);
  assert.match(validates()[0][4].value, /_unused_email/, 'the client marks untouched fields');
  assert.deepEqual(await errors(page), NONE);

  // Clearing the name makes it blank: its error shows, the others still do not.
  await page.fill('#user_name', '');
  await waitErrors(page, { name: ["can't be blank"], email: [], password: [] }, 'the blank name');

  // A bad email.
  await page.fill('#user_email', 'ann');
  await waitErrors(page, { name: ["can't be blank"], email: ['must have the @ sign and no spaces'], password: [] }, 'the bad email');
  await page.fill('#user_password', 'short');
  await waitErrors(page, { name: ["can't be blank"], email: ['must have the @ sign and no spaces'], password: ['should be at least 8 characters'] }, 'the short password');
  await assertMatchesServer(page, s.demo);

  // Fixing each field removes its error as it is typed.
  await page.fill('#user_name', 'Ann');
  await page.fill('#user_email', 'ann@example.com');
  await page.fill('#user_password', 'long enough');
  await waitErrors(page, NONE, 'all fields fixed');
  await assertMatchesServer(page, s.demo);
  // The password never comes back from the server.
  assert.equal(await page.evaluate(() => document.querySelector('#user_password').getAttribute('value')), null);
  assertHealthy(page);
});

test('submitting an empty form shows every error', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/register');
  // type=email and the like do not block an empty form: the server's validation runs.
  await page.click('#save');
  await waitErrors(page, {
    name: ["can't be blank"], email: ['must have the @ sign and no spaces'], password: ['should be at least 8 characters'],
  }, 'all errors after submit');
  assert.equal(new URL(page.url()).pathname, '/register', 'an invalid form does not navigate');
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('a valid registration flashes, navigates live to /users and is remembered', async () => {
  const context = await s.newContext();
  const page = await openLive(context, s.demo, '/register');
  await page.evaluate(() => { window.beforeNavigation = 'still here'; });
  await page.fill('#user_name', 'Zoë <b>Smith</b>');
  await page.fill('#user_email', 'zoe@example.com');
  await page.fill('#user_password', 'correct horse');
  await waitErrors(page, NONE, 'a valid form');
  await page.click('#save');

  await page.waitForURL((u) => u.pathname === '/users');
  await waitInPage(page, () => document.querySelector('#users'), null, { message: 'the users page' });
  await waitText(page, '#flash', 'Welcome, Zoë <b>Smith</b>! Your account was created.');
  assert.equal(await page.evaluate(() => document.querySelector('#flash').hidden), false);
  assert.equal(await page.evaluate(() => window.beforeNavigation), 'still here', 'live navigation, not a page load');
  assert.equal(await text(page, '#users'), 'Zoë <b>Smith</b> <zoe@example.com>');
  await assertMatchesServer(page, s.demo);

  // Users live in memory: another browser sees them (without the flash, which was this tab's).
  const other = await openLive(await s.newContext(), s.demo, '/users');
  assert.equal(await text(other, '#users'), 'Zoë <b>Smith</b> <zoe@example.com>');
  assert.equal(await other.evaluate(() => document.querySelector('#flash').hidden), true, 'no flash without a registration');

  // The same email cannot register twice.
  await page.click('a[href="/register"]');
  await page.waitForURL((u) => u.pathname === '/register');
  await waitConnected(page);
  await page.fill('#user_name', 'Zoe again');
  await page.fill('#user_email', 'zoe@example.com');
  await waitErrors(page, { name: [], email: ['has already been taken'], password: [] }, 'the taken email');
  await page.fill('#user_password', 'correct horse');
  await page.click('#save');
  await waitErrors(page, { name: [], email: ['has already been taken'], password: [] }, 'the taken email after submit');
  assert.equal(new URL(page.url()).pathname, '/register');
  assertHealthy(page);
  assertHealthy(other);
});
