// /chat/:room: messages are a stream shared through PubSub by room; two tabs in the same room see
// each other's messages, a tab in another room does not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHealthy, assertMatchesServer, openLive, sleep, suite, text, waitInPage } from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

/** The messages shown: "author: text" each. */
const messages = (page) => page.evaluate(() => [...document.querySelectorAll('#messages > p.message')].map((p) => p.textContent));

async function waitMessages(page, expected, message) {
  await waitInPage(page, (want) => JSON.stringify([...document.querySelectorAll('#messages > p.message')].map((p) => p.textContent)) === JSON.stringify(want), expected, {
    message: `${message}: ${JSON.stringify(expected)}`,
    describe: () => [...document.querySelectorAll('#messages > p.message')].map((p) => p.textContent),
  });
}

async function send(page, author, body) {
  await page.bringToFront(); // background tabs get no animation frames, which clicks wait for
  await page.fill('#author', author);
  await page.fill('#text', body);
  await page.press('#text', 'Enter');
}

test('two tabs in a room see each other, another room sees nothing', async () => {
  const context = await s.newContext();
  const a = await openLive(context, s.demo, '/chat/lobby');
  const b = await openLive(context, s.demo, '/chat/lobby');
  const other = await openLive(context, s.demo, '/chat/elsewhere');
  assert.equal(await text(a, 'h1'), 'Chat: #lobby');
  assert.equal(await a.title(), '#lobby');
  assert.equal(await text(other, 'h1'), 'Chat: #elsewhere');

  await send(a, 'ann', 'hello from a');
  await send(b, 'bob', 'hi ann <i>!</i>');
  await send(a, 'ann', 'second from a');
  const expected = ['ann: hello from a', 'bob: hi ann <i>!</i>', 'ann: second from a'];
  await waitMessages(a, expected, 'the lobby in tab a');
  await waitMessages(b, expected, 'the lobby in tab b');
  assert.equal(await a.evaluate(() => document.querySelectorAll('#messages i').length), 0, 'message text is escaped');
  const ids = await a.evaluate(() => [...document.querySelectorAll('#messages > p.message')].map((p) => p.id));
  assert.equal(new Set(ids).size, 3, 'each message its own stream item');
  for (const id of ids) assert.match(id, /^msg-\d+$/);

  await send(other, 'carl', 'anyone?');
  await waitMessages(other, ['carl: anyone?'], 'the other room');
  // Give a leak through PubSub time to show, then check the lobby did not get it (and vice versa).
  await sleep(300);
  assert.deepEqual(await messages(a), expected, 'the lobby does not see the other room');
  assert.deepEqual(await messages(b), expected);
  assert.deepEqual(await messages(other), ['carl: anyone?'], 'the other room does not see the lobby');

  for (const p of [a, b, other]) {
    await assertMatchesServer(p, s.demo);
    assertHealthy(p);
  }
});

test('a tab joining later gets new messages, and empty messages are not sent', async () => {
  const context = await s.newContext();
  const a = await openLive(context, s.demo, '/chat/late');
  await send(a, 'ann', 'before b');
  await waitMessages(a, ['ann: before b'], 'the first message');
  const b = await openLive(context, s.demo, '/chat/late');
  assert.deepEqual(await messages(b), [], 'a room keeps no history: a new tab starts empty');
  await send(a, 'ann', '');
  await send(b, 'bob', 'after');
  await waitMessages(a, ['ann: before b', 'bob: after'], 'the message from b');
  await waitMessages(b, ['bob: after'], 'the message from b');
  assertHealthy(a);
  assertHealthy(b);
});

test('a message without an author is shown as from "anonymous"', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/chat/nameless');
  await send(page, '', 'who am I');
  await waitInPage(page, () => document.querySelectorAll('#messages > p.message').length === 1, null, { message: 'the message' });
  assert.equal((await messages(page))[0], 'anonymous: who am I',
    'the empty author field is sent as author="" so the server\'s fallback to "anonymous" never applies and the message shows an empty author');
});

test('the name typed in the author field stays there after sending and when messages arrive', async () => {
  const context = await s.newContext();
  const a = await openLive(context, s.demo, '/chat/names');
  const b = await openLive(context, s.demo, '/chat/names');
  await send(a, 'ann', 'first');
  await waitMessages(a, ['ann: first'], 'the first message');
  await send(b, 'bob', 'reply');
  await waitMessages(a, ['ann: first', 'bob: reply'], 'the reply');
  await a.bringToFront();
  assert.equal(await a.evaluate(() => document.querySelector('#author').value), 'ann',
    'the chat form renders its inputs without values, so every diff (own send, others\' messages) resets the unfocused author input to empty');
});
