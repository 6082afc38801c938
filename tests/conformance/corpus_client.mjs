// The judge of the corpus runner: the whole phoenix_live_view browser client (phoenix's Socket,
// LiveSocket, DOM patching, streams, components) as a page loads it, in jsdom, connected to a
// fake server that joins with the engine's first render, pushes its diffs, and answers the
// client's own pushes (component destruction goes back to the engine).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = process.env.LIVEDIFF_REPO_ROOT || resolve(here, '..', '..');
const requireFromRoot = createRequire(join(REPO_ROOT, 'package.json'));
const { JSDOM, VirtualConsole } = requireFromRoot('jsdom');

// The browser builds, as the page's <script> tags would load them.
const NODE_MODULES = join(REPO_ROOT, 'node_modules');
const PHOENIX_JS = readFileSync(join(NODE_MODULES, 'phoenix/priv/static/phoenix.js'), 'utf8');
const LIVE_VIEW_JS = readFileSync(
  join(NODE_MODULES, 'phoenix_live_view/priv/static/phoenix_live_view.js'), 'utf8');

const OPEN = 1;
const CLOSED = 3;
const SETTLE_LIMIT_MS = 5000;
const IDLE_TURNS = 3;

// What the client adds to elements for its own bookkeeping, removed before comparing.
const BOOKKEEPING_ATTRS = ['data-phx-id', 'data-phx-skip', 'data-phx-stream', 'data-phx-prune',
  'data-phx-ref-src', 'data-phx-ref-loading', 'data-phx-ref-lock', 'data-phx-root-id'];

const turn = () => new Promise((ok) => setImmediate(ok));

/** One page with the client joined to a view, from its dead render; `onDestroyed(cids)`
 * resolves once the engine forgot components the client destroyed. */
export class LivePage {
  constructor(viewId, rendered, deadHtml, onDestroyed) {
    this.viewId = viewId;
    this.topic = `lv:${viewId}`;
    this.rendered = rendered;
    this.onDestroyed = onDestroyed;
    this.inFlight = 0;
    this.errors = [];
    this.exceptions = [];
    this.events = []; // [name, detail] of the phx: events the client dispatched
    this.socket = null;
    this.joinRef = null;
    this.closed = false;

    const virtualConsole = new VirtualConsole();
    virtualConsole.on('error', (...a) => this.errors.push(a.map(String).join(' ')));
    virtualConsole.on('jsdomError', (e) => {
      if (e.type !== 'not-implemented') this.exceptions.push(e.cause ? String(e.cause.message || e.cause) : e.message);
    });
    this.dom = new JSDOM('<!DOCTYPE html><html><head><title>page</title></head><body></body></html>',
      { url: 'http://localhost/page', pretendToBeVisual: true, runScripts: 'outside-only', virtualConsole });
    const window = this.dom.window;
    this.window = window;
    // Frames come as fast as the client asks for them: their timing means nothing here.
    let frames = 0;
    window.requestAnimationFrame = (cb) => {
      this.inFlight++;
      const id = ++frames;
      setImmediate(() => {
        this.inFlight--;
        if (!this.closed) this.guard(() => cb(window.performance.now()));
      });
      return id;
    };
    window.cancelAnimationFrame = () => {};
    window.eval(PHOENIX_JS);
    window.eval(LIVE_VIEW_JS);

    const container = window.document.createElement('div');
    container.id = viewId;
    container.setAttribute('data-phx-main', '');
    container.setAttribute('data-phx-session', 'SESSION');
    container.setAttribute('data-phx-static', '');
    // The dead render the page came with, which the join then patches.
    container.innerHTML = deadHtml;
    window.document.body.appendChild(container);

    const page = this;
    class FakeWebSocket {
      constructor() {
        this.readyState = 0;
        this.bufferedAmount = 0;
        page.socket = this;
        page.later(() => {
          this.readyState = OPEN;
          if (this.onopen) this.onopen({ type: 'open' });
        });
      }
      send(data) { page.receive(this, data); }
      close(code = 1000) {
        this.readyState = CLOSED;
        page.later(() => this.onclose && this.onclose({ type: 'close', code, wasClean: true }));
      }
    }
    const options = new window.Object();
    options.transport = FakeWebSocket;
    options.params = new window.Object();
    this.liveSocket = new window.LiveView.LiveSocket('/live', window.Phoenix.Socket, options);
    this.liveSocket.disableDebug();
  }

  guard(fn) {
    try {
      fn();
    } catch (e) {
      this.exceptions.push(String(e && e.message ? e.message : e));
    }
  }

  later(fn) {
    this.inFlight++;
    setImmediate(() => {
      this.inFlight--;
      if (!this.closed) this.guard(fn);
    });
  }

  push(frame) {
    const data = JSON.stringify(frame);
    const socket = this.socket;
    this.later(() => {
      if (socket.readyState === OPEN && socket.onmessage) socket.onmessage({ type: 'message', data });
    });
  }

  reply(frame, response) {
    this.push([frame[0], frame[1], frame[2], 'phx_reply', { status: 'ok', response }]);
  }

  // A frame from the client: [join_ref, ref, topic, event, payload].
  receive(socket, data) {
    const frame = JSON.parse(data);
    const [joinRef, , topic, event, payload] = frame;
    if (topic === 'phoenix' && event === 'heartbeat') return this.reply(frame, {});
    if (topic !== this.topic) return undefined;
    if (event === 'phx_join') {
      this.joinRef = joinRef;
      return this.reply(frame, { rendered: this.rendered });
    }
    if (event === 'cids_will_destroy') return this.reply(frame, {});
    if (event === 'cids_destroyed') {
      this.inFlight++;
      this.onDestroyed(payload.cids).then(
        () => this.reply(frame, { cids: payload.cids }),
        (e) => this.exceptions.push(`the engine could not forget ${payload.cids}: ${e.message}`),
      ).finally(() => { this.inFlight--; });
      return undefined;
    }
    this.exceptions.push(`the client sent an unexpected ${event}`);
    return undefined;
  }

  /** Waits until nothing is in flight for a few turns, then throws what the client raised. */
  async settle() {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    for (let idle = 0; idle < IDLE_TURNS;) {
      if (Date.now() > deadline) throw new Error(`the client was still busy after ${SETTLE_LIMIT_MS} ms`);
      await turn();
      const t = this.liveSocket.transitions;
      idle = this.inFlight > 0 || (t && t.size() > 0) ? 0 : idle + 1;
    }
    // Timers the client set for now (its DOM update requests) run before the page counts as
    // settled.
    await new Promise((ok) => setTimeout(ok, 0));
    for (let idle = 0; idle < IDLE_TURNS; idle = this.inFlight > 0 ? 0 : idle + 1) await turn();
    const trouble = [...this.exceptions, ...this.errors];
    this.exceptions = [];
    this.errors = [];
    if (trouble.length) throw new Error(trouble.join('; '));
  }

  static async mount(viewId, rendered, deadHtml, onDestroyed) {
    const page = new LivePage(viewId, rendered, deadHtml, onDestroyed);
    page.liveSocket.connect();
    await page.settle();
    if (!page.container().classList.contains('phx-connected')) {
      throw new Error('the client did not apply the join');
    }
    return page;
  }

  async diff(diff, events = []) {
    for (const name of events) {
      this.window.addEventListener(`phx:${name}`, (e) => this.events.push([name, e.detail]), { once: true });
    }
    this.push([this.joinRef, null, this.topic, 'diff', diff]);
    await this.settle();
  }

  container() {
    return this.window.document.getElementById(this.viewId);
  }

  title() {
    return this.window.document.title;
  }

  /** The view's HTML without the client's bookkeeping, attributes sorted. */
  html() {
    return normalize(this.container().innerHTML, this.window);
  }

  /** `html` put through the same parser and normalization, for comparison. */
  normalize(html) {
    return normalize(html, this.window);
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.readyState = CLOSED;
    this.window.close();
  }
}

/** Where `got` and `want` first differ, with some context, for failure messages. */
export function firstDifference(got, want) {
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  const from = Math.max(0, i - 120);
  return `first difference at ${i}:\n    client shows: …${got.slice(from, i + 160)}…\n    case expects: …${want.slice(from, i + 160)}…`;
}

// Parsed as the client parses a patch, inside a <div> like the view's container (a <template>
// would keep markup a <div> drops, such as table rows outside a table).
function normalize(html, window) {
  const t = window.document.createElement('div');
  t.innerHTML = html;
  for (const el of t.querySelectorAll('*')) {
    const attrs = [...el.attributes].map((a) => [a.name, a.value]);
    for (const [name] of attrs) el.removeAttribute(name);
    attrs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (const [name, value] of attrs) {
      if (BOOKKEEPING_ATTRS.includes(name)) continue;
      if (name === 'class') {
        const v = value.split(/\s+/).filter((c) => c && !/^phx-.*-loading$/.test(c)).join(' ');
        if (v) el.setAttribute(name, v);
        continue;
      }
      el.setAttribute(name, value);
    }
  }
  return t.innerHTML;
}
