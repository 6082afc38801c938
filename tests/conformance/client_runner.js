// Runs the real phoenix_live_view client's diff merge (rendered.js) on wire payloads for the C++
// conformance tests. Bundled with esbuild into a single CommonJS file and driven by
// tests/support/js_client.cc over stdin/stdout, one JSON command per line in, one JSON reply per
// line out, in order:
//
//   {"cmd":"join","view":"phx-view","rendered":{...}}  -> {"html","client_html","streams"}
//   {"cmd":"diff","diff":{...}}                         -> {"html","client_html","streams"}
//   {"cmd":"prune","cids":[1,2]}                        -> {"ok":true}
//   {"cmd":"ping"}                                      -> {"ok":true}
//   anything that fails                                 -> {"error":"message"}
//
// "client_html" is what the client itself renders for the patch (magic ids, data-phx-skip on
// unchanged roots, only the patched components for component-only diffs). "html" is the same
// tree rendered with nothing skipped and without data-phx-id attributes, which is what a server
// test compares against.

// rendered.js reaches for `window` (deepClone, error diagnostics). Node has neither, so give it a
// minimal one before the client is loaded: `require` below runs after this, unlike `import`.
if (typeof globalThis.window === "undefined") {
  const win = new EventTarget();
  win.structuredClone = globalThis.structuredClone;
  globalThis.window = win;
}

const Rendered =
  require("../../node_modules/phoenix_live_view/assets/js/phoenix_live_view/rendered.js").default;

// Wire keys, as in phoenix_live_view/constants.ts.
const COMPONENTS = "c";
const KEYED = "k";

const MAGIC_ID_ATTR = / data-phx-id="[^"]*"/g;
const COMPONENT_ATTR = /data-phx-component="(\d+)"/g;

// The joined view, or null before the first join and after a failure.
let state = null;

const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isEmpty = (obj) => Object.keys(obj).length === 0;

function stripInternalIds(node) {
  if (Array.isArray(node)) {
    node.forEach(stripInternalIds);
  } else if (isObject(node)) {
    delete node.magicId;
    delete node.newRender;
    delete node.reset;
    Object.values(node).forEach(stripInternalIds);
  }
}

// Renders a copy of `tree` (a rendered.get() value) the way a fresh client would render it on
// join, so no root is skipped, and drops the magic ids that only identify nodes of this client.
function comparableHtml(viewId, tree) {
  const copy = structuredClone(tree);
  stripInternalIds(copy);
  const fresh = new Rendered(viewId, {});
  fresh.rendered = copy;
  return fresh.toString(null).buffer.replace(MAGIC_ID_ATTR, "");
}

function noteRenderedCids(html) {
  for (const m of html.matchAll(COMPONENT_ATTR)) {
    state.onPage.add(parseInt(m[1], 10));
  }
}

// Cids of components referenced (transitively) from a rendered node. Dynamics sit under integer
// keys, of the node itself or of its keyed comprehension entries; a number there is a cid.
const isIndex = (key) => /^\d+$/.test(key);

function collectCids(node, components, into) {
  if (typeof node === "number") {
    if (!into.has(node)) {
      into.add(node);
      if (components[node]) collectCids(components[node], components, into);
    }
  } else if (isObject(node)) {
    const holders = isObject(node[KEYED])
      ? Object.keys(node[KEYED]).filter(isIndex).map((i) => node[KEYED][i])
      : [node];
    for (const holder of holders) {
      if (!isObject(holder)) continue;
      for (const key of Object.keys(holder).filter(isIndex)) {
        collectCids(holder[key], components, into);
      }
    }
  }
}

// Stand-in for DOM.findExistingParentCIDs: of the cids a component-only diff touches, those on
// the page that are not inside another one of them. "On the page" is every cid the client has
// rendered and not pruned since, which is what the DOM would hold.
function parentCids(cids, components) {
  const present = cids.filter((cid) => state.onPage.has(cid) && components[cid]);
  const children = new Set();
  for (const cid of present) {
    const below = new Set();
    collectCids(components[cid], components, below);
    below.forEach((c) => children.add(c));
  }
  return present.filter((cid) => !children.has(cid));
}

function reply(html, clientHtml, streams) {
  return { html, client_html: clientHtml, streams: Array.from(streams) };
}

// view.ts onJoin: Rendered.extract, new Rendered, renderContainer(null) -> toString().
function join(cmd) {
  state = null;
  if (!isObject(cmd.rendered)) throw new Error("join: \"rendered\" must be an object");
  const viewId = cmd.view === undefined ? "phx-view" : String(cmd.view);
  const { diff } = Rendered.extract(cmd.rendered);
  const rendered = new Rendered(viewId, diff);
  state = { viewId, rendered, onPage: new Set() };
  // Copy before toString(): it empties stream comprehensions once rendered.
  const html = comparableHtml(viewId, rendered.get());
  const { buffer, streams } = rendered.toString();
  noteRenderedCids(buffer);
  return reply(html, buffer, streams);
}

// view.ts applyDiff + update(): Rendered.extract, mergeDiff, then either a per-component render
// (component-only diff), a full toString(cids of the diff), or nothing (empty diff).
function applyDiff(cmd) {
  if (state === null) throw new Error("diff: no view joined");
  if (!isObject(cmd.diff)) throw new Error("diff: \"diff\" must be an object");
  const { viewId, rendered } = state;
  const { diff } = Rendered.extract(cmd.diff);
  rendered.mergeDiff(diff);
  const html = comparableHtml(viewId, rendered.get());
  if (rendered.isComponentOnlyDiff(diff)) {
    const components = rendered.get()[COMPONENTS];
    let clientHtml = "";
    const streams = new Set();
    for (const cid of parentCids(rendered.componentCIDs(diff), components)) {
      if (isEmpty(rendered.getComponent(diff, cid))) continue;
      const out = rendered.componentToString(cid);
      clientHtml += out.buffer;
      out.streams.forEach((s) => streams.add(s));
    }
    noteRenderedCids(clientHtml);
    return reply(html, clientHtml, streams);
  } else if (!isEmpty(diff)) {
    const { buffer, streams } = rendered.toString(rendered.componentCIDs(diff));
    noteRenderedCids(buffer);
    return reply(html, buffer, streams);
  }
  return reply(html, "", []);
}

function prune(cmd) {
  if (state === null) throw new Error("prune: no view joined");
  if (!Array.isArray(cmd.cids) || !cmd.cids.every(Number.isInteger)) {
    throw new Error("prune: \"cids\" must be an array of integers");
  }
  state.rendered.pruneCIDs(cmd.cids);
  cmd.cids.forEach((cid) => state.onPage.delete(cid));
  return { ok: true };
}

function handle(line) {
  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (e) {
    // Nothing ran: the joined view is still intact.
    return { error: `malformed command: ${e.message}` };
  }
  try {
    if (!isObject(cmd)) throw new Error("command must be a JSON object");
    switch (cmd.cmd) {
      case "join":
        return join(cmd);
      case "diff":
        return applyDiff(cmd);
      case "prune":
        return prune(cmd);
      case "ping":
        return { ok: true };
      default:
        throw new Error(`unknown command: ${JSON.stringify(cmd.cmd)}`);
    }
  } catch (e) {
    // The client may have been left half-merged; make the next command start from a join.
    state = null;
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

process.stdout.on("error", () => process.exit(0));

let pending = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  pending += chunk;
  let nl;
  while ((nl = pending.indexOf("\n")) >= 0) {
    const line = pending.slice(0, nl);
    pending = pending.slice(nl + 1);
    if (line.trim() === "") continue;
    process.stdout.write(JSON.stringify(handle(line)) + "\n");
  }
});
process.stdin.on("end", () => process.exit(0));
