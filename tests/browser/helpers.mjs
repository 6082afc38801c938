// Shared helpers for the browser end-to-end tests: start/stop livediff_demo, launch headless
// Chromium through playwright-core, wait for the real phoenix_live_view client, poll conditions,
// and compare the live DOM with the server's own render (the --debug-routes snapshot).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

export { sleep };

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = process.env.LIVEDIFF_REPO_ROOT || resolve(here, '..', '..');
export const DEMO = process.env.LIVEDIFF_DEMO || join(REPO_ROOT, 'build', 'dev', 'examples', 'livediff_demo');
export const CHROMIUM = process.env.LIVEDIFF_CHROMIUM || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---- the demo server ----------------------------------------------------------------------------

const running = new Set();
process.on('exit', () => {
  for (const p of running) {
    try { p.kill('SIGKILL'); } catch { /* already gone */ }
  }
});

/** A free TCP port on 127.0.0.1 (bound, then released). */
export async function freePort() {
  return new Promise((ok, fail) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

/**
 * Starts livediff_demo with --debug-routes (port 0 = any free port) and resolves once it printed
 * its address. Returns { url, port, proc, log(), alive(), stop(), kill() }.
 */
export async function startDemo({ port = 0, env = {}, timeout = 15000 } = {}) {
  assert.ok(existsSync(DEMO), `the demo binary ${DEMO} does not exist (build it, or set LIVEDIFF_DEMO)`);
  const proc = spawn(DEMO, ['--port', String(port), '--debug-routes'], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  let stderr = '';
  let stdout = '';
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 200000) stderr = stderr.slice(-100000);
  });
  proc.stdout.setEncoding('utf8');
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => {
    running.delete(proc);
    ok({ code, signal });
  }));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      fail(new Error(`livediff_demo printed no address within ${timeout} ms:\n${stdout}\n${stderr}`));
    }, timeout);
    proc.stdout.on('data', (d) => {
      stdout += d;
      const m = /serving the examples on (http:\/\/\S+?\/)\s/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      fail(new Error(`livediff_demo exited (code ${code}, signal ${signal}) before serving:\n${stdout}\n${stderr}`));
    });
  });
  let exitInfo = null;
  exited.then((e) => { exitInfo = e; });
  const demo = {
    url,
    port: Number(new URL(url).port),
    proc,
    log: () => stderr,
    /** True while the process runs (a crash during a test is a server bug). */
    alive: () => exitInfo === null,
    exitInfo: () => exitInfo,
    async stop({ timeout: t = 5000 } = {}) {
      if (exitInfo) return exitInfo;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), t);
      const e = await exited;
      clearTimeout(timer);
      return e;
    },
    async kill() {
      if (exitInfo) return exitInfo;
      proc.kill('SIGKILL');
      return exited;
    },
  };
  return demo;
}

/** Asserts the demo is still running (it must not crash or exit during a test). */
export function assertAlive(demo) {
  assert.ok(demo.alive(), `livediff_demo died during the test (${JSON.stringify(demo.exitInfo())}); its stderr:\n${demo.log().slice(-4000)}`);
}

// ---- the browser --------------------------------------------------------------------------------

export async function launchBrowser() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30000 });
}

/**
 * Opens `path` of the demo in a new page of `context` (a second page of the same context is a
 * second tab) and waits until the live view is connected. Page errors (uncaught exceptions in the
 * client) are collected in page.errors.
 */
export async function openLive(context, demo, path, { connected = true } = {}) {
  const page = await context.newPage();
  page.setDefaultTimeout(10000);
  // Every WebSocket frame, both ways: { dir: 'sent' | 'received', data, at }.
  page.wsFrames = [];
  page.webSockets = [];
  page.on('websocket', (ws) => {
    page.webSockets.push(ws.url());
    ws.on('framesent', (f) => page.wsFrames.push({ dir: 'sent', data: String(f.payload), at: Date.now() }));
    ws.on('framereceived', (f) => page.wsFrames.push({ dir: 'received', data: String(f.payload), at: Date.now() }));
  });
  page.errors = [];
  page.demo = demo;
  page.on('pageerror', (e) => page.errors.push(String(e && e.stack || e)));
  page.on('console', (m) => {
    // The client logs protocol trouble as console errors; failed resource loads are the favicon.
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) page.errors.push(`console: ${m.text()}`);
  });
  const res = await page.goto(new URL(path, demo.url).href);
  assert.equal(res.status(), 200, `GET ${path} answered ${res.status()}${serverTrouble(page)}`);
  if (connected) await waitConnected(page);
  return page;
}

/** Waits until the main live view carries phx-connected (joined over the WebSocket). */
export async function waitConnected(page, { timeout = 10000 } = {}) {
  try {
    await page.waitForSelector('[data-phx-main].phx-connected', { state: 'attached', timeout });
  } catch (e) {
    const cls = await page.evaluate(() => document.querySelector('[data-phx-main]')?.className).catch(() => '?');
    throw new Error(`the live view did not connect within ${timeout} ms (container class "${cls}"): ${e.message}`);
  }
}

/** Waits until the view whose container has id `id` (a nested one, say) carries phx-connected. */
export async function waitViewConnected(page, id, { timeout = 10000 } = {}) {
  return waitInPage(page, (i) => document.getElementById(i)?.classList.contains('phx-connected'), id, {
    timeout,
    message: `#${id} to be connected`,
    describe: (i) => document.getElementById(i)?.className ?? 'absent',
  });
}

/**
 * The Phoenix channel messages the page sent with `event` (e.g. "event" for phx-click/phx-change),
 * decoded from the V2 array format [join_ref, ref, topic, event, payload].
 */
export function sentMessages(page, event = 'event') {
  return page.wsFrames.filter((f) => f.dir === 'sent').map((f) => {
    try { return JSON.parse(f.data); } catch { return null; }
  }).filter((m) => Array.isArray(m) && m[3] === event);
}

/** How many of `messages` (from sentMessages) the server has replied to. */
export function repliedTo(page, messages) {
  const refs = new Set(messages.map((m) => `${m[0]}/${m[1]}`));
  let n = 0;
  for (const f of page.wsFrames) {
    if (f.dir !== 'received' || !f.data.includes('"phx_reply"')) continue;
    try {
      const m = JSON.parse(f.data);
      if (m[3] === 'phx_reply' && refs.has(`${m[0]}/${m[1]}`)) n++;
    } catch { /* not a channel message */ }
  }
  return n;
}

/** Asserts the client reported no uncaught errors. */
export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors, [], `the page reported errors:\n${page.errors.join('\n')}`);
}

// ---- waiting ------------------------------------------------------------------------------------

/**
 * Polls `fn` (Node side, may be async) every `interval` ms until it returns a truthy value and
 * returns that value; throws with `message` (and the last value seen) after `timeout` ms.
 */
export async function waitFor(fn, { timeout = 5000, interval = 25, message = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeout} ms waiting for ${message}` +
        (lastError ? `; last error: ${lastError.message}` : `; last value: ${JSON.stringify(last)}`));
    }
    await sleep(interval);
  }
}

/**
 * Waits until `pageFn(arg)` is truthy in the page, polling every `interval` ms; throws with
 * `message` and the value of `describe` (a page function) on timeout.
 */
export async function waitInPage(page, pageFn, arg, { timeout = 5000, interval = 20, message = 'condition', describe } = {}) {
  try {
    return await page.waitForFunction(pageFn, arg, { timeout, polling: interval });
  } catch (e) {
    let detail = '';
    if (describe) detail = ` (now: ${JSON.stringify(await page.evaluate(describe, arg).catch((x) => String(x)))})`;
    throw new Error(`timed out after ${timeout} ms waiting in the page for ${message}${detail}${serverTrouble(page)}`);
  }
}

/**
 * What went wrong on the server's side, for failure messages: phx_error frames (the view crashed
 * and the client rejoins) and the demo's log lines about failures.
 */
export function serverTrouble(page) {
  const errors = (page.wsFrames || []).filter((f) => {
    if (f.dir !== 'received') return false;
    try { return JSON.parse(f.data)[3] === 'phx_error'; } catch { return false; }
  });
  let out = '';
  if (errors.length) out += `; the server sent phx_error ${errors.length} time(s): the live view crashed (${errors[0].data.slice(0, 120)})`;
  const log = page.demo ? page.demo.log().split('\n').filter((l) => /fail|crash|error|exception|refused/i.test(l) && !/Transport endpoint is not connected/.test(l)) : [];
  if (log.length) out += `; livediff_demo logged: ${log.slice(-5).join(' | ')}`;
  return out;
}

/** Fails if the server crashed any live view of the page (a phx_error frame arrived). */
export function assertNoViewCrash(page) {
  const trouble = serverTrouble(page);
  assert.ok(!/phx_error/.test(trouble), `the live view crashed on the server${trouble}`);
}

/** No uncaught client errors and no crashed view. */
export function assertHealthy(page) {
  assertNoViewCrash(page);
  assertNoPageErrors(page);
}

/** Text of the first element matching `selector` (null when absent). */
export async function text(page, selector) {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
}

/** Waits until the element's text is exactly `expected`. */
export async function waitText(page, selector, expected, opts = {}) {
  await waitInPage(page, ([s, t]) => document.querySelector(s)?.textContent === t, [selector, expected], {
    message: `${selector} to read ${JSON.stringify(expected)}`,
    describe: ([s]) => document.querySelector(s)?.textContent ?? null,
    ...opts,
  });
}

/** Number of elements matching `selector`. */
export async function count(page, selector) {
  return page.evaluate((s) => document.querySelectorAll(s).length, selector);
}

/** The id of the main live view (its container element's id). */
export async function mainViewId(page) {
  return page.evaluate(() => document.querySelector('[data-phx-main]')?.id ?? null);
}

// ---- DOM against the server's render ------------------------------------------------------------

/** GET /__livediff/views/<id>: the server's HTML render of a joined view (null on 404). */
export async function serverRender(demo, viewId) {
  const res = await fetch(new URL(`/__livediff/views/${encodeURIComponent(viewId)}`, demo.url));
  const body = await res.text();
  if (res.status === 404) return null;
  assert.equal(res.status, 200, `GET /__livediff/views/${viewId} answered ${res.status}: ${body}`);
  return body;
}

// Runs in the page: normalizes the server's HTML and the live container's innerHTML the same way
// (both parsed by the browser, client bookkeeping removed, attributes sorted, the current values
// of form controls written into the attributes). Stream containers are emptied on both sides: the
// server keeps no stream items. The focused control's value is left out on both sides: the client
// never patches the value of the input the user is typing into.
function normalizeInPage([serverHtml, viewId]) {
  const CONTROLS = 'input, textarea, select';
  const main = viewId ? document.getElementById(viewId) : document.querySelector('[data-phx-main]');
  const clone = main.cloneNode(true);
  const liveControls = main.querySelectorAll(CONTROLS);
  const cloneControls = clone.querySelectorAll(CONTROLS);
  liveControls.forEach((live, i) => {
    const c = cloneControls[i];
    if (live instanceof HTMLInputElement) {
      if (live.type === 'checkbox' || live.type === 'radio') c.toggleAttribute('checked', live.checked);
      else if (live.type !== 'password' && live.type !== 'file') c.setAttribute('value', live.value);
    } else if (live instanceof HTMLTextAreaElement) {
      c.textContent = live.value;
    } else if (live instanceof HTMLSelectElement) {
      [...live.options].forEach((o, j) => c.options[j].toggleAttribute('selected', o.selected));
    }
    if (live === document.activeElement) c.setAttribute('data-livediff-focused', '');
  });
  const LOADING = /^phx-([a-z]+-loading|connected|loading|error|client-error|server-error)$/;
  // Client bookkeeping: node ids, stream markers, pending-event refs, and the hook the client puts
  // on phx-viewport-top/bottom containers itself.
  const DROP = (el, name, value) => name === 'data-phx-id' || name === 'data-phx-stream' || name.startsWith('data-phx-ref')
    || name === 'data-phx-root-id'
    || (name === 'data-phx-hook' && value === 'Phoenix.InfiniteScroll')
    || (name === 'value' && value === '' && el.localName === 'input');
  const parse = (html) => {
    const t = document.createElement('template');
    t.innerHTML = html;
    for (const el of t.content.querySelectorAll('[phx-update="stream"]')) el.replaceChildren();
    // A nested view's content belongs to that view: compared on its own.
    for (const el of t.content.querySelectorAll('[data-phx-parent-id]')) el.replaceChildren();
    return t;
  };
  const serialize = (t, focusedIndex) => {
    const controls = t.content.querySelectorAll(CONTROLS);
    const focused = focusedIndex >= 0 ? controls[focusedIndex] : null;
    if (focused) {
      focused.removeAttribute('value');
      if (focused.localName === 'textarea') focused.textContent = '';
    }
    for (const el of t.content.querySelectorAll('*')) {
      const attrs = [...el.attributes].map((a) => [a.name, a.value]);
      for (const [name] of attrs) el.removeAttribute(name);
      attrs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      for (let [name, value] of attrs) {
        if (DROP(el, name, value) || name === 'data-livediff-focused') continue;
        if (name === 'class') {
          value = value.split(/\s+/).filter((c) => c && !LOADING.test(c)).join(' ');
          if (!value) continue;
        }
        el.setAttribute(name, value);
      }
    }
    return t.innerHTML;
  };
  const client = parse(clone.innerHTML);
  const focusedIndex = [...client.content.querySelectorAll(CONTROLS)].findIndex((c) => c.hasAttribute('data-livediff-focused'));
  return { client: serialize(client, focusedIndex), server: serialize(parse(serverHtml), focusedIndex) };
}

function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 150);
  return `first difference at ${i}:\n  client: …${a.slice(from, i + 250)}…\n  server: …${b.slice(from, i + 250)}…`;
}

/**
 * Asserts the DOM of a view (the main one unless `viewId` names a nested one) equals the server's
 * render of it, after normalizing both through the browser's parser; nested views' content is
 * left out of their parent's. Retries for up to `timeout` ms (a diff may still be in flight), then
 * fails with the first difference. Returns the normalized HTML.
 */
export async function assertMatchesServer(page, demo, { timeout = 3000, label = '', viewId = null } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const id = viewId ?? await mainViewId(page);
    assert.ok(id, 'the page has no [data-phx-main] element');
    const html = await serverRender(demo, id);
    assert.ok(html !== null, `the server does not know the view ${id} (GET /__livediff/views/${id} is 404)`);
    const { client, server } = await page.evaluate(normalizeInPage, [html, viewId]);
    if (client === server) return client;
    if (Date.now() > deadline) {
      assert.fail(`${label ? `${label}: ` : ''}the DOM of ${id} differs from the server's render; ${firstDifference(client, server)}`);
    }
    await sleep(50);
  }
}

// ---- per-file set-up ----------------------------------------------------------------------------

/**
 * Starts a demo and a browser for one test file. `await setup()` in a `before` hook and
 * `await teardown()` in `after`; `ctx.newContext()` gives a fresh browser context (cookies, tabs).
 */
export function suite() {
  const ctx = {
    demo: null,
    browser: null,
    contexts: [],
    async setup(opts = {}) {
      const [demo, browser] = await Promise.allSettled([startDemo(opts), launchBrowser()]);
      if (demo.status === 'fulfilled') ctx.demo = demo.value;
      if (browser.status === 'fulfilled') ctx.browser = browser.value;
      if (demo.status === 'rejected' || browser.status === 'rejected') {
        // Leave nothing running that would keep this process alive.
        await ctx.browser?.close().catch(() => {});
        await ctx.demo?.stop();
        ctx.demo = null;
        ctx.browser = null;
        throw (demo.status === 'rejected' ? demo.reason : browser.reason);
      }
    },
    async newContext() {
      const c = await ctx.browser.newContext({ viewport: { width: 1200, height: 800 } });
      ctx.contexts.push(c);
      return c;
    },
    async teardown() {
      const alive = ctx.demo ? ctx.demo.alive() : true;
      const log = ctx.demo ? ctx.demo.log() : '';
      const info = ctx.demo ? ctx.demo.exitInfo() : null;
      await Promise.allSettled(ctx.contexts.map((c) => c.close()));
      if (ctx.browser) await ctx.browser.close().catch(() => {});
      const stopped = ctx.demo ? await ctx.demo.stop() : null;
      if (!ctx.demo) return;
      assert.ok(alive, `livediff_demo died during the tests (${JSON.stringify(info)}); its stderr:\n${log.slice(-4000)}`);
      if (stopped) {
        assert.equal(stopped.code, 0, `livediff_demo did not shut down cleanly on SIGTERM (${JSON.stringify(stopped)}); its stderr:\n${log.slice(-4000)}`);
      }
    },
  };
  return ctx;
}
