// The meaning of a corpus case, independent of any engine: the HTML a page shows after each
// render tree of a case, as the phoenix_live_view 1.2 client keeps it (components held until the
// page no longer shows them, stream items kept in the DOM by id). The generator writes these
// pages into the corpus; the runner checks the real client against them. Format: README.md.

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

// Where the client puts a component's attributes: right after its root tag's name.
function addRootAttrs(html, cid, viewId) {
  const m = /^(\s*(?:<!--[\s\S]*?-->\s*)*<[^\s>/]+)/.exec(html);
  if (!m) throw new Error(`component ${cid} has no root tag`);
  return `${m[1]} data-phx-component="${cid}" data-phx-view="${viewId}"${html.slice(m[1].length)}`;
}

/** The page a client shows across the renders of one case. */
export class Page {
  constructor(viewId = 'phx-view') {
    this.viewId = viewId;
    this.components = new Map(); // cid -> node, as the client holds them
    this.streams = new Map(); // ref -> [{id, html}], as the DOM holds them
    this.previous = null; // the last tree, resolved: what "unchanged" refers to
    this.rootStatics = null;
  }

  /** Applies one tree; returns the page's HTML and the cids the client then destroys. */
  render(tree) {
    const rootStatics = JSON.stringify(tree.root.statics);
    if (this.rootStatics !== null && rootStatics !== this.rootStatics) {
      // New root statics replace the client's whole tree, components included.
      this.components.clear();
    }
    this.rootStatics = rootStatics;
    const resolved = { root: null, components: {} };
    const prev = this.previous;
    resolved.root = this.resolve(tree.root, prev && prev.rootStatics === rootStatics ? prev.root : null);
    for (const [cid, node] of Object.entries(tree.components || {})) {
      const old = this.components.get(Number(cid)) || null;
      const r = this.resolve(node, old);
      resolved.components[cid] = r;
      this.components.set(Number(cid), r);
    }
    this.pending = []; // stream operations found while rendering, applied in render order
    this.shown = new Set();
    this.streamDone = new Set();
    const html = this.html(resolved.root);
    // Components the page no longer shows are destroyed by the client, and then by the server.
    const destroyed = [];
    for (const cid of this.components.keys()) {
      if (!this.shown.has(cid)) destroyed.push(cid);
    }
    for (const cid of destroyed) this.components.delete(cid);
    this.previous = { rootStatics, root: resolved.root };
    return { html, destroyed };
  }

  // Replaces "unchanged" parts with what the client holds (from `old`, the same node last time).
  resolve(node, old) {
    const sameStatics = old && JSON.stringify(old.statics) === JSON.stringify(node.statics);
    const dynamics = node.dynamics.map((d, i) => {
      const o = sameStatics ? old.dynamics[i] : undefined;
      if (isObject(d) && d.unchanged === true) {
        if (o === undefined) throw new Error('unchanged where the client holds nothing');
        return o;
      }
      if (isObject(d) && d.node) return { node: this.resolve(d.node, o && o.node ? o.node : null) };
      if (isObject(d) && d.list) return { list: this.resolveList(d.list, o && o.list ? o.list : null) };
      // A copy: once applied, a stream's operations are spent (the client keeps no items in
      // its tree, only in the DOM).
      if (isObject(d) && d.stream) {
        return { stream: { ...d.stream, inserts: [...(d.stream.inserts || [])], deletes: [...(d.stream.deletes || [])] } };
      }
      return d;
    });
    return { statics: node.statics, dynamics };
  }

  resolveList(list, old) {
    const same = old && JSON.stringify(old.statics) === JSON.stringify(list.statics);
    const byKey = new Map();
    if (same) {
      old.entries.forEach((e, i) => {
        const k = keyOf(e, i);
        if (!byKey.has(k)) byKey.set(k, e);
      });
    }
    const entries = list.entries.map((e, i) => {
      if ('unchanged' in e) {
        const k = keyOf({ key: e.unchanged }, i);
        const o = byKey.get(k);
        if (!o) throw new Error(`unchanged entry ${JSON.stringify(e.unchanged)} the client does not hold`);
        return o;
      }
      const o = byKey.get(keyOf(e, i));
      const node = this.resolve({ statics: list.statics, dynamics: e.dynamics }, o ? { statics: list.statics, dynamics: o.dynamics } : null);
      return 'key' in e ? { key: e.key, dynamics: node.dynamics } : { dynamics: node.dynamics };
    });
    return { statics: list.statics, entries };
  }

  html(node) {
    let out = '';
    node.statics.forEach((s, i) => {
      out += s;
      if (i < node.dynamics.length) out += this.dynamic(node.dynamics[i]);
    });
    return out;
  }

  dynamic(d) {
    if (d === null || d === undefined) return '';
    if (typeof d === 'string') return escapeHtml(d);
    if (d.html !== undefined) return d.html;
    if (d.attr) return ` ${d.attr[0]}="${escapeHtml(d.attr[1])}"`;
    if (d.node) return this.html(d.node);
    if (d.list) {
      return d.list.entries.map((e) => this.html({ statics: d.list.statics, dynamics: e.dynamics })).join('');
    }
    if (d.stream) return this.stream(d.stream);
    if (d.component !== undefined) {
      const c = this.components.get(d.component);
      if (!c) throw new Error(`component ${d.component} is neither rendered nor held`);
      this.shown.add(d.component);
      return addRootAttrs(this.html(c), d.component, this.viewId);
    }
    throw new Error(`unknown dynamic ${JSON.stringify(d)}`);
  }

  // The client applies a stream's reset, then its deletes, then its inserts in order; an item
  // it shows is updated in place; a new one goes in at `at`, and a limit prunes the far end.
  // An item shown before and pruned by a limit during this render is not brought back by a
  // later update in it.
  stream(s) {
    if (this.streamDone.has(s.ref)) throw new Error(`stream ${s.ref} rendered twice in one tree`);
    this.streamDone.add(s.ref);
    let items = this.streams.get(s.ref) || [];
    if (s.reset) items = [];
    const existed = new Set(items.map((it) => it.id));
    const pruned = new Set();
    for (const id of s.deletes || []) items = items.filter((it) => it.id !== id);
    for (const ins of s.inserts || []) {
      if (pruned.has(ins.id)) continue;
      const html = this.html({ statics: s.statics, dynamics: ins.dynamics });
      const shown = items.find((it) => it.id === ins.id);
      if (shown) {
        shown.html = html;
        continue;
      }
      if (ins.update_only) continue;
      const at = ins.at ?? -1;
      if (at < 0 || at >= items.length) items.push({ id: ins.id, html });
      else items.splice(at, 0, { id: ins.id, html });
      const limit = ins.limit ?? null;
      if (limit !== null) {
        let cut = [];
        if (limit >= 0 && items.length > limit) cut = items.splice(limit);
        else if (limit < 0 && items.length > -limit) cut = items.splice(0, items.length + limit);
        for (const it of cut) if (existed.has(it.id)) pruned.add(it.id);
      }
    }
    this.streams.set(s.ref, items);
    s.inserts = [];
    s.deletes = [];
    s.reset = false;
    return items.map((it) => it.html).join('');
  }
}

// Entries are keyed by their key, or by position when they have none; integer and string keys
// never match each other.
function keyOf(entry, index) {
  if (!('key' in entry)) return `i:${index}`;
  return typeof entry.key === 'number' ? `i:${entry.key}` : `s:${entry.key}`;
}
