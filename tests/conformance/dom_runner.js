// Runs the whole phoenix_live_view browser client (LiveSocket over phoenix's Socket, DOM patching
// with morphdom, streams, components, event pushes) in jsdom against a fake in-process server, for
// the C++ conformance tests. Bundled with esbuild into a single CommonJS file and driven by
// tests/support/js_dom.cc over stdin/stdout, one JSON command per line in, one JSON reply per line
// out, in order:
//
//   {"cmd":"mount","html":"...","rendered":{...},"view":"phx-view"}  -> {"html","raw_html","sent"}
//   {"cmd":"diff","diff":{...}}                                     -> {"html","raw_html","sent"}
//   {"cmd":"click","selector":"css"}                                -> {"html","raw_html","sent"}
//   {"cmd":"input","selector":"css","value":"text"}                 -> {"html","raw_html","sent"}
//   {"cmd":"submit","selector":"css"}                               -> {"html","raw_html","sent"}
//   {"cmd":"reply","ref":"7","response":{...}}                      -> {"html","raw_html","sent"}
//   {"cmd":"ping"}                                                  -> {"ok":true}
//   anything that fails                                             -> {"error":"message",...}
//
// "mount" starts afresh: a new jsdom window with fresh copies of phoenix and phoenix_live_view,
// the dead render in <div id=VIEW data-phx-main data-phx-session data-phx-static>, and a
// LiveSocket whose transport is FakeWebSocket. The fake server answers the client's phx_join for
// lv:VIEW with {"rendered": rendered} and its heartbeats; every other frame the client sends is
// reported in "sent" (as the parsed [join_ref, ref, topic, event, payload] array) and waits for a
// "reply" command. "diff" pushes a diff event to the view. Every command waits until the client
// is idle (timers due now, animation frames, transitions) before it replies.
//
// "html" is the view container's innerHTML without the attributes and classes the client adds
// for its own bookkeeping (see BOOKKEEPING_ATTRS), comparable with a server-side render;
// "raw_html" is the innerHTML as it is. "sent" holds the frames sent since the last reply.
// Replies carry "errors" (console.error output, which includes the client's logError) and
// "warnings" (console.warn, jsdom's not-implemented notices) when there are any. An exception the
// client throws, or a view that did not join, makes the reply {"error": message} with the same
// optional fields; the runner keeps going.

// The browser builds (what a page's <script> tags load), as text to evaluate in each window.
import phoenixSource from "../../node_modules/phoenix/priv/static/phoenix.js" with { type: "text" };
import liveViewSource from
  "../../node_modules/phoenix_live_view/priv/static/phoenix_live_view.js" with { type: "text" };

// jsdom is loaded from the project's node_modules at run time (bundling it breaks undici).
// LIVEDIFF_ROOT is defined by the esbuild command.
const rootRequire = require("node:module").createRequire(`${LIVEDIFF_ROOT}/package.json`);
const { JSDOM, VirtualConsole } = rootRequire("jsdom");

// --- Constants ---------------------------------------------------------------------------------

const PAGE_URL = "http://localhost/page";
const SESSION = "SESSION";
const STATIC = "STATIC";
// WebSocket readyState values.
const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

// Attributes the client sets on elements inside a view for its own bookkeeping: magic ids and
// skip markers of rendered trees, the stream an element was inserted by, the refs of pending
// events (until their reply is applied), the root view id of nested views, and what a pending
// submit or phx-disable-with saves to restore (normalizedHtml restores it first).
const BOOKKEEPING_ATTRS = [
  "data-phx-id",
  "data-phx-skip",
  "data-phx-stream",
  "data-phx-prune",
  "data-phx-ref-src",
  "data-phx-ref-loading",
  "data-phx-ref-lock",
  "data-phx-root-id",
  "data-phx-disable-with-restore",
  "data-phx-readonly",
  "data-phx-disabled",
];
// Classes the client adds to elements with a pending event.
const LOADING_CLASSES = [
  "phx-click-loading",
  "phx-change-loading",
  "phx-submit-loading",
  "phx-keydown-loading",
  "phx-keyup-loading",
  "phx-blur-loading",
  "phx-focus-loading",
  "phx-hook-loading",
];

// How long one command may keep the client busy before the runner gives up waiting.
const SETTLE_LIMIT_MS = 5000;
// Consecutive idle macrotask turns after which the client counts as idle.
const IDLE_TURNS = 3;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0));

// The message of an exception, which may come from the window's realm (not a Node.js Error).
function messageOf(e) {
  return e !== null && typeof e === "object" && typeof e.message === "string"
    ? e.message
    : String(e);
}

// One console argument as text.
function describe(value) {
  if (typeof value === "string") return value;
  if (value !== null && typeof value === "object" && typeof value.message === "string") {
    return value.message;
  }
  try {
    // Diagnostics metadata may hold DOM nodes; name them instead of walking them.
    const text = JSON.stringify(value, (key, v) =>
      v !== null && typeof v === "object" && typeof v.nodeType === "number"
        ? `<${v.nodeName ? v.nodeName.toLowerCase() : "node"}>`
        : v,
    );
    return text === undefined ? String(value) : text.slice(0, 1000);
  } catch {
    return String(value);
  }
}

// --- The page ----------------------------------------------------------------------------------

// One mounted page: a jsdom window running the client, and the fake server's side of it.
class Page {
  constructor(viewId, deadHtml, rendered) {
    this.viewId = viewId;
    this.topic = `lv:${viewId}`;
    this.rendered = rendered;
    this.closed = false;
    this.socket = null; // the FakeWebSocket the client opened last
    this.framesByRef = new Map(); // every frame the client sent with a ref, by ref
    this.sent = []; // frames sent since the last reply
    this.errors = [];
    this.warnings = [];
    this.exceptions = [];
    this.pendingFrames = 0; // animation frame callbacks not yet run
    this.inFlight = 0; // server frames scheduled but not yet delivered

    const virtualConsole = new VirtualConsole();
    virtualConsole.on("error", (...args) => this.errors.push(args.map(describe).join(" ")));
    virtualConsole.on("warn", (...args) => this.warnings.push(args.map(describe).join(" ")));
    virtualConsole.on("jsdomError", (e) => {
      if (e.type === "not-implemented") {
        this.warnings.push(e.message);
      } else {
        // An uncaught exception in a client callback run by a window timer or event listener.
        this.exceptions.push(e.cause !== undefined ? messageOf(e.cause) : e.message);
      }
    });

    this.dom = new JSDOM(
      "<!DOCTYPE html><html><head><title>page</title></head><body></body></html>",
      { url: PAGE_URL, pretendToBeVisual: true, runScripts: "outside-only", virtualConsole },
    );
    const window = this.dom.window;
    this.window = window;
    this.document = window.document;

    // Counts animation frames so that a command waits exactly as long as the client needs them.
    const requestFrame = window.requestAnimationFrame.bind(window);
    const cancelFrame = window.cancelAnimationFrame.bind(window);
    const pending = new Set();
    window.requestAnimationFrame = (callback) => {
      const handle = requestFrame((time) => {
        if (pending.delete(handle)) this.pendingFrames--;
        callback(time);
      });
      pending.add(handle);
      this.pendingFrames++;
      return handle;
    };
    window.cancelAnimationFrame = (handle) => {
      if (pending.delete(handle)) this.pendingFrames--;
      cancelFrame(handle);
    };

    // Fresh copies of the clients, as a page's <script> tags would load them.
    window.eval(phoenixSource);
    window.eval(liveViewSource);

    const container = this.document.createElement("div");
    container.id = viewId;
    container.setAttribute("data-phx-main", "");
    container.setAttribute("data-phx-session", SESSION);
    container.setAttribute("data-phx-static", STATIC);
    container.innerHTML = deadHtml;
    this.document.body.appendChild(container);

    const page = this;
    // The transport: a WebSocket whose other end is this page's fake server.
    class FakeWebSocket {
      constructor(url, protocols) {
        this.url = url;
        this.protocols = protocols;
        this.readyState = CONNECTING;
        this.bufferedAmount = 0;
        this.binaryType = "arraybuffer";
        this.onopen = null;
        this.onmessage = null;
        this.onclose = null;
        this.onerror = null;
        page.socket = this;
        page.later(() => {
          if (this.readyState !== CONNECTING) return;
          this.readyState = OPEN;
          if (this.onopen) this.onopen({ type: "open" });
        });
      }

      send(data) {
        if (this.readyState !== OPEN) throw new Error("FakeWebSocket.send while not open");
        page.receive(this, data);
      }

      close(code = 1000, reason = "") {
        if (this.readyState === CLOSED) return;
        this.readyState = CLOSED;
        page.later(() => {
          if (this.onclose) this.onclose({ type: "close", code, reason, wasClean: true });
        });
      }
    }
    this.FakeWebSocket = FakeWebSocket;

    const params = new window.Object();
    params._csrf_token = "t";
    const options = new window.Object();
    options.transport = FakeWebSocket;
    options.params = params;
    this.liveSocket = new window.LiveView.LiveSocket("/live", window.Phoenix.Socket, options);
    // The client turns debug logging on for localhost; it only adds console output.
    this.liveSocket.disableDebug();
  }

  container() {
    return this.document.getElementById(this.viewId);
  }

  isJoined() {
    const container = this.container();
    return container !== null && container.classList.contains("phx-connected");
  }

  // Runs `fn` in a later macrotask unless the page was closed by then; exceptions are the client's.
  later(fn) {
    this.inFlight++;
    setTimeout(() => {
      this.inFlight--;
      if (this.closed) return;
      try {
        fn();
      } catch (e) {
        this.exceptions.push(messageOf(e));
      }
    }, 0);
  }

  // A frame from the client (V2 JSON serializer: [join_ref, ref, topic, event, payload]).
  receive(socket, data) {
    if (typeof data !== "string") throw new Error("FakeWebSocket: binary frames are not supported");
    const frame = JSON.parse(data);
    const [joinRef, ref, topic, event] = frame;
    if (topic === "phoenix" && event === "heartbeat") {
      this.push(socket, [null, ref, "phoenix", "phx_reply", { status: "ok", response: {} }]);
      return;
    }
    if (ref !== null) this.framesByRef.set(String(ref), frame);
    this.sent.push(frame);
    if (event === "phx_join" && topic === this.topic) {
      this.push(socket, [
        joinRef,
        ref,
        topic,
        "phx_reply",
        { status: "ok", response: { rendered: this.rendered } },
      ]);
    }
  }

  // Delivers a server frame to the client in a later macrotask, as a network would.
  push(socket, frame) {
    const data = JSON.stringify(frame);
    this.later(() => {
      if (socket.readyState === OPEN && socket.onmessage) {
        socket.onmessage({ type: "message", data });
      }
    });
  }

  // The join ref of the view's current join, which the server's pushes carry.
  joinRef() {
    let joinRef = null;
    for (const frame of this.framesByRef.values()) {
      if (frame[2] === this.topic && frame[3] === "phx_join") joinRef = frame[0];
    }
    return joinRef;
  }

  busy() {
    if (this.inFlight > 0 || this.pendingFrames > 0) return true;
    const transitions = this.liveSocket.transitions;
    return transitions !== undefined && transitions.size() > 0;
  }

  // Waits until the client has nothing left to do now: server frames in flight, timers due now,
  // animation frames, transitions. Timers set for later (heartbeats, loaders, debounces) are not
  // waited for.
  async settle() {
    const deadline = Date.now() + SETTLE_LIMIT_MS;
    let idle = 0;
    while (idle < IDLE_TURNS) {
      if (Date.now() > deadline) {
        throw new Error(`the client was still busy after ${SETTLE_LIMIT_MS}ms`);
      }
      await macrotask();
      if (this.closed) return;
      idle = this.busy() ? 0 : idle + 1;
    }
  }

  close() {
    this.closed = true;
    if (this.socket) this.socket.readyState = CLOSED;
    this.window.close();
  }

  // Frames, errors and warnings gathered since the last reply, and the view's HTML.
  report(fields = {}) {
    const out = { ...fields };
    const container = this.container();
    if (container !== null) {
      out.html = normalizedHtml(container);
      out.raw_html = container.innerHTML;
    }
    out.sent = this.sent;
    this.sent = [];
    if (this.errors.length > 0) out.errors = this.errors;
    if (this.warnings.length > 0) out.warnings = this.warnings;
    this.errors = [];
    this.warnings = [];
    return out;
  }

  // Throws the first exception the client raised since the last call, if any.
  rethrow() {
    if (this.exceptions.length > 0) {
      const message = this.exceptions.join("; ");
      this.exceptions = [];
      throw new Error(message);
    }
  }
}

// The container's innerHTML as the server rendered it: pending-event state undone the way the
// client undoes it once the reply is applied (element_ref.ts undoLoading), bookkeeping dropped.
function normalizedHtml(container) {
  const copy = container.cloneNode(true);
  for (const el of copy.querySelectorAll("*")) {
    const restore = (marker, attr) => {
      const saved = el.getAttribute(marker);
      if (saved === "true") el.setAttribute(attr, "");
      else if (saved === "false") el.removeAttribute(attr);
    };
    restore("data-phx-readonly", "readonly");
    restore("data-phx-disabled", "disabled");
    const text = el.getAttribute("data-phx-disable-with-restore");
    if (text !== null) el.textContent = text;
    for (const attr of BOOKKEEPING_ATTRS) el.removeAttribute(attr);
    const classes = el.classList;
    if (LOADING_CLASSES.some((c) => classes.contains(c))) {
      classes.remove(...LOADING_CLASSES);
      if (classes.length === 0) el.removeAttribute("class");
    }
  }
  return copy.innerHTML;
}

// --- Commands ----------------------------------------------------------------------------------

let page = null;

function requirePage(what) {
  if (page === null) throw new Error(`${what}: nothing mounted`);
  return page;
}

function requireString(cmd, key) {
  if (typeof cmd[key] !== "string") throw new Error(`${cmd.cmd}: "${key}" must be a string`);
  return cmd[key];
}

function requireElement(cmd) {
  const selector = requireString(cmd, "selector");
  const el = page.document.querySelector(selector);
  if (el === null) throw new Error(`${cmd.cmd}: no element matches ${JSON.stringify(selector)}`);
  return el;
}

async function mount(cmd) {
  if (page !== null) {
    page.close();
    page = null;
  }
  const html = requireString(cmd, "html");
  if (!isObject(cmd.rendered)) throw new Error('mount: "rendered" must be an object');
  const viewId = cmd.view === undefined ? "phx-view" : requireString(cmd, "view");
  page = new Page(viewId, html, cmd.rendered);
  page.liveSocket.connect();
  await page.settle();
  page.rethrow();
  if (!page.isJoined()) {
    throw new Error(
      "mount: the client did not apply the join (no phx-connected on the container); " +
        "see \"sent\" for a join still waiting for its reply",
    );
  }
  return page.report();
}

async function diff(cmd) {
  const current = requirePage("diff");
  if (!isObject(cmd.diff)) throw new Error('diff: "diff" must be an object');
  if (current.socket === null) throw new Error("diff: the client has no connection");
  current.push(current.socket, [current.joinRef(), null, current.topic, "diff", cmd.diff]);
  await current.settle();
  current.rethrow();
  return current.report();
}

async function reply(cmd) {
  const current = requirePage("reply");
  const ref = requireString(cmd, "ref");
  if (!isObject(cmd.response)) throw new Error('reply: "response" must be an object');
  const frame = current.framesByRef.get(ref);
  if (frame === undefined) throw new Error(`reply: the client sent no frame with ref ${ref}`);
  const [joinRef, , topic] = frame;
  current.push(current.socket, [
    joinRef,
    ref,
    topic,
    "phx_reply",
    { status: "ok", response: cmd.response },
  ]);
  await current.settle();
  current.rethrow();
  return current.report();
}

async function click(cmd) {
  const current = requirePage("click");
  requireElement(cmd).click();
  await current.settle();
  current.rethrow();
  return current.report();
}

async function input(cmd) {
  const current = requirePage("input");
  const el = requireElement(cmd);
  const value = requireString(cmd, "value");
  if (!("value" in el)) throw new Error("input: the element has no value");
  el.value = value;
  el.dispatchEvent(new current.window.Event("input", { bubbles: true }));
  await current.settle();
  current.rethrow();
  return current.report();
}

async function submit(cmd) {
  const current = requirePage("submit");
  const el = requireElement(cmd);
  if (el.tagName !== "FORM") throw new Error("submit: the element is not a form");
  el.dispatchEvent(new current.window.SubmitEvent("submit", { bubbles: true, cancelable: true }));
  await current.settle();
  current.rethrow();
  return current.report();
}

async function handle(line) {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    return { error: `malformed command: ${e.message}` };
  }
  try {
    if (!isObject(cmd)) throw new Error("command must be a JSON object");
    switch (cmd.cmd) {
      case "mount":
        return await mount(cmd);
      case "diff":
        return await diff(cmd);
      case "reply":
        return await reply(cmd);
      case "click":
        return await click(cmd);
      case "input":
        return await input(cmd);
      case "submit":
        return await submit(cmd);
      case "ping":
        return { ok: true };
      default:
        throw new Error(`unknown command: ${JSON.stringify(cmd.cmd)}`);
    }
  } catch (e) {
    const message = messageOf(e);
    if (page === null) return { error: message };
    // The page keeps what the client made of it; the next command goes on from there.
    page.exceptions = [];
    return page.report({ error: message });
  }
}

// Exceptions outside any command (a client callback run by a Node.js timer or promise).
const strayException = (e) => {
  if (page !== null) page.exceptions.push(messageOf(e));
};
process.on("uncaughtException", strayException);
process.on("unhandledRejection", strayException);
process.stdout.on("error", () => process.exit(0));

let pending = "";
let queue = Promise.resolve();
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    if (line.trim() === "") continue;
    queue = queue.then(async () => {
      process.stdout.write(JSON.stringify(await handle(line)) + "\n");
    });
  }
});
process.stdin.on("end", () => queue.then(() => process.exit(0)));
