// /logs: a live log tail of thousands of lines a second, bounded in the DOM (300 lines), with
// pause/resume (while paused the lines shown stop changing) and a filter (new lines contain it).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertHealthy, assertMatchesServer, openLive, sleep, suite, waitFor, waitInPage, waitText } from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

const LIMIT = 300;

/** The lines shown ({ id, text, n: the generated line number }) and the stats. */
function shown(page) {
  return page.evaluate(() => {
    const lines = [...document.querySelectorAll('#log > *')].map((el) => ({
      id: el.id,
      text: el.textContent,
      n: Number(/^#(\d+) /.exec(el.textContent)?.[1]),
    }));
    const m = /^(\d+) lines generated, (\d+) shown$/.exec(document.querySelector('#stats').textContent);
    return { lines, generated: Number(m?.[1]), shownCount: Number(m?.[2]), maxSeen: window.logMaxSeen };
  });
}

async function watchSize(page) {
  await page.evaluate(() => {
    const log = document.querySelector('#log');
    window.logMaxSeen = log.children.length;
    new MutationObserver(() => {
      window.logMaxSeen = Math.max(window.logMaxSeen, log.children.length);
    }).observe(log, { childList: true });
  });
}

function assertOrdered(lines, where) {
  for (let i = 1; i < lines.length; i++) {
    assert.ok(lines[i].n > lines[i - 1].n, `${where}: lines in order (${lines[i - 1].text} before ${lines[i].text})`);
  }
  assert.equal(new Set(lines.map((l) => l.id)).size, lines.length, `${where}: no line twice`);
}

test('thousands of lines a second, never more than 300 in the DOM', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/logs');
  await watchSize(page);
  const first = await waitFor(async () => {
    const st = await shown(page);
    return st.lines.length === LIMIT ? st : null;
  }, { message: `${LIMIT} lines` });
  const t0 = Date.now();
  await sleep(1000);
  const second = await shown(page);
  const rate = (second.lines.at(-1).n - first.lines.at(-1).n) / ((Date.now() - t0) / 1000);
  assert.ok(rate >= 1000, `at least 1,000 new lines a second reach the page (${Math.round(rate)}/s)`);
  assert.ok(second.generated >= second.lines.at(-1).n, 'the stats count every generated line');
  assert.equal(second.lines.length, LIMIT, 'the DOM holds the last 300 lines');
  assert.ok(second.maxSeen <= LIMIT, `never more than ${LIMIT} lines in the DOM (max seen ${second.maxSeen})`);
  assertOrdered(second.lines, 'tail');
  for (const l of second.lines) assert.match(l.text, /^#\d+ GET \/\S* (200|304|500) \d+ms$/);
  await assertMatchesServer(page, s.demo);
  assertHealthy(page);
});

test('pause freezes the lines shown, resume brings new ones', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/logs');
  await waitFor(async () => (await shown(page)).lines.length === LIMIT, { message: `${LIMIT} lines` });
  await page.click('#toggle');
  await waitText(page, '#toggle', 'Resume');
  const frozen = await shown(page);
  await sleep(700);
  const later = await shown(page);
  assert.deepEqual(later.lines, frozen.lines, 'while paused the lines shown do not change');
  assert.ok(later.generated > frozen.generated + 500, `lines are still generated while paused (${frozen.generated} -> ${later.generated})`);
  assert.equal(later.shownCount, frozen.shownCount, 'and none more is shown');

  await page.click('#toggle');
  await waitText(page, '#toggle', 'Pause');
  const resumed = await waitFor(async () => {
    const st = await shown(page);
    return st.lines.at(-1).n > later.generated ? st : null;
  }, { message: 'lines generated after resuming' });
  assert.equal(resumed.lines.length, LIMIT);
  assertOrdered(resumed.lines, 'after resume');
  assertHealthy(page);
});

test('a filter makes every new line contain it', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/logs');
  await watchSize(page);
  await waitFor(async () => (await shown(page)).lines.length === LIMIT, { message: `${LIMIT} lines` });
  await page.fill('#filter', '/login');
  const sent = Date.now();
  // Lines from before the filter scroll away; then every line shown matches.
  const filtered = await waitFor(async () => {
    const st = await shown(page);
    return st.lines.length > 0 && st.lines.every((l) => l.text.includes('/login')) ? st : null;
  }, { timeout: 20000, interval: 50, message: 'every line shown to contain "/login"' });
  const newest = filtered.lines.at(-1).n;
  await waitFor(async () => (await shown(page)).lines.at(-1).n > newest + 200, { message: 'more filtered lines' });
  const st = await shown(page);
  const wrong = st.lines.filter((l) => !l.text.includes('/login'));
  assert.deepEqual(wrong, [], 'new lines all contain the filter');
  assert.ok(st.shownCount < st.generated, 'fewer lines shown than generated');
  assert.ok(st.maxSeen <= LIMIT, `never more than ${LIMIT} lines (max seen ${st.maxSeen})`);
  // Generous: a loaded CI machine slows the log generator and the browser alike.
  assert.ok(Date.now() - sent < 20000);

  // A filter matching nothing stops new lines; clearing it lets everything through again.
  await page.fill('#filter', 'no line has this');
  await sleep(400);
  const quiet = await shown(page);
  await sleep(500);
  assert.deepEqual((await shown(page)).lines, quiet.lines, 'nothing new matches');
  await page.fill('#filter', '');
  await waitFor(async () => {
    const now = await shown(page);
    return now.lines.some((l) => !l.text.includes('/login') && l.n > quiet.generated);
  }, { message: 'unfiltered lines again' });
  assertHealthy(page);
});
