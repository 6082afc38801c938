// The random corpus cases and the reference workloads: random trees with keyed edits, random
// stream operations, random components and random unchanged marks, each from a fixed seed.
import {
  attr, component, entry, insert, list, node, rng, stream, sub, tree, unchanged, unchangedEntry,
} from './trees.mjs';

const WORDS = ['a', 'b', '<x>', '"q"', 'é', '', '&', 'long text', "it's"];
const NODE_STATICS = [['<div>', '</div>'], ['<p class="', '">', '</p>'], ['', ' and ', ''],
  ['<span>', '', '', '</span>'], ['<em>static only</em>']];
const ENTRY_STATICS = [['<li>', '</li>'], ['<tr><td>', '</td><td>', '</td></tr>'], ['[', '|', '|', ']']];
const COMPONENT_STATICS = [['<section>', '</section>'], ['<article class="', '">', '</article>']];

// Random pages over one keyed list that every comprehension of the page renders, edited between
// renders: inserts, deletes, moves, changes, and switches of the entries' statics.
function randomTrees(seed, steps) {
  const r = rng(seed);
  let items = [];
  let nextKey = 1;
  let flavour = 0;
  const word = () => r.pick(WORDS);
  const edit = () => {
    for (let k = 0, n = 1 + r.int(4); k < n; k++) {
      switch (r.int(5)) {
        case 0: items.splice(r.int(items.length + 1), 0, [nextKey++, word()]); break;
        case 1: if (items.length) items.splice(r.int(items.length), 1); break;
        case 2:
          if (items.length > 1) {
            const [it] = items.splice(r.int(items.length), 1);
            items.splice(Math.min(r.int(items.length), items.length), 0, it);
          }
          break;
        case 3: if (items.length) items[r.int(items.length)][1] = word(); break;
        default: flavour = r.int(3);
      }
    }
  };
  const render = () => {
    const used = new Set();
    // A slot inside an attribute value holds text: markup there is no page a browser parses.
    const fill = (statics, depth) => node(statics, ...statics.slice(1).map((_, i) => {
      if (statics[i].endsWith('="')) return word();
      switch (depth >= 3 ? r.int(2) : r.int(7)) {
        case 0: return word();
        case 1: return String(r.int(3));
        case 2: { const s = r.pick(NODE_STATICS); return sub(fill(s, depth + 1)); }
        case 3:
        case 4: {
          const s = ENTRY_STATICS[flavour % ENTRY_STATICS.length];
          return list(s, items.map(([key, value]) => entry(key, value, ...s.slice(2).map(() => {
            if (depth < 2 && r.int(4) === 0) { const inner = r.pick(NODE_STATICS); return sub(fill(inner, depth + 2)); }
            return String(key % 3);
          }))));
        }
        case 5: {
          // Once per page: the client finds a component by its cid.
          const cid = 1 + r.int(3);
          if (used.has(cid)) return word();
          used.add(cid);
          return component(cid);
        }
        default: return null;
      }
    }));
    const root = fill(r.pick(NODE_STATICS), 0);
    const components = {};
    for (const cid of [...used].sort()) components[cid] = fill(r.pick(COMPONENT_STATICS), 3);
    return tree(root, Object.keys(components).length ? { components } : {});
  };
  const trees = [];
  for (let i = 0; i < steps; i++) {
    edit();
    trees.push(render());
  }
  return trees;
}

// Random stream operations on one list: one operation per DOM id per render, at -1, 0, 1 or 3,
// a limit now and then, updates of shown items, update_only, deletes and resets.
function randomStream(seed, steps) {
  const r = rng(seed);
  let shown = []; // DOM ids the page shows, in order, as far as the generator tracks them
  let next = 1;
  const trees = [];
  for (let step = 0; step < steps; step++) {
    const reset = step > 0 && r.int(12) === 0;
    const touched = new Set();
    const deletes = [];
    const inserts = [];
    for (let k = 0, n = step === 0 ? 5 : 1 + r.int(4); k < n; k++) {
      const kind = r.int(6);
      if (kind === 0 && shown.length && !reset) {
        const id = r.pick(shown);
        if (touched.has(id)) continue;
        touched.add(id);
        deletes.push(id);
        continue;
      }
      const at = r.pick([-1, 0, 1, 3]);
      const limit = r.int(3) === 0 ? (r.int(2) ? 4 + r.int(6) : -(4 + r.int(6))) : null;
      const updateOnly = r.int(10) === 0;
      const id = kind === 1 && shown.length && !reset ? r.pick(shown) : `n-${next++}`;
      if (touched.has(id)) continue;
      touched.add(id);
      inserts.push(insert(id, [attr('id', id), `note ${step}.${k}`], { at, limit, updateOnly }));
    }
    trees.push(tree(node(['<ul id="notes" phx-update="stream">', '</ul>'], stream('notes', ['<li', '>', '</li>'], { reset, deletes, inserts }))));
    // What may be shown next time: ids ever inserted and not deleted (the reference decides).
    if (reset) shown = [];
    shown = shown.filter((id) => !deletes.includes(id));
    for (const ins of inserts) if (!shown.includes(ins.id) && !ins.update_only) shown.push(ins.id);
  }
  return trees;
}

// Random live components: up to four, placed in slots and in a keyed list, rendered or left as
// the client holds them, removed and brought back. Rendered into `page` as they are made, as
// what the client holds decides what a tree may leave out.
function randomComponents(seed, steps, page) {
  const r = rng(seed);
  const out = [];
  const version = {};
  for (let step = 0; step < steps; step++) {
    const held = new Set(page.components.keys());
    // A component appears at most once in a page: the client finds it by its cid.
    const first = 1 + r.int(4);
    const second = r.int(3) === 0 ? null : 1 + ((first + r.int(3)) % 4);
    const inSlots = [first, second];
    const inList = [1, 2, 3, 4].filter((c) => c !== first && c !== second && r.int(3) === 0);
    const refs = new Set([...inSlots.filter((c) => c !== null), ...inList]);
    const components = {};
    for (const cid of [...refs].sort()) {
      if (held.has(cid) && r.int(2) === 0) continue; // the client keeps what it has
      version[cid] = (version[cid] || 0) + 1;
      const statics = COMPONENT_STATICS[(cid + (r.int(4) === 0 ? 1 : 0)) % 2];
      components[cid] = statics.length === 2 ? node(statics, `c${cid} v${version[cid]}`)
        : node(statics, `k${r.int(2)}`, `c${cid} v${version[cid]}`);
    }
    const root = node(['<main>', '<hr>', '<ul>', '</ul></main>'],
      inSlots[0] === null ? '' : component(inSlots[0]),
      inSlots[1] === null ? r.pick(WORDS) : component(inSlots[1]),
      list(['<li>', '</li>'], inList.map((cid) => entry(cid * 10, component(cid)))));
    const t = tree(root, { components });
    out.push({ tree: t, html: page.render(t).html });
  }
  return out;
}

// Random edits of a keyed list whose unchanged entries are marked so: what the client shows
// must be what a full render shows.
function randomUnchanged(seed, steps) {
  const r = rng(seed);
  let items = [];
  let next = 1;
  const trees = [];
  for (let step = 0; step < steps; step++) {
    for (const e of items) e.dirty = false;
    for (let k = 0, n = 1 + r.int(3); k < n; k++) {
      switch (r.int(4)) {
        case 0: items.splice(r.int(items.length + 1), 0, { key: next++, value: 0, dirty: true }); break;
        case 1: if (items.length) items.splice(r.int(items.length), 1); break;
        case 2:
          if (items.length > 1) {
            const a = r.int(items.length);
            const b = r.int(items.length);
            [items[a], items[b]] = [items[b], items[a]];
          }
          break;
        default: if (items.length) { const e = r.pick(items); e.value++; e.dirty = true; }
      }
    }
    const label = r.int(3) === 0 ? `step ${step}` : unchanged;
    const entries = items.map((e) => (e.dirty || step === 0
      ? entry(e.key, String(e.key), String(e.value)) : unchangedEntry(e.key)));
    trees.push(tree(node(['<h2>', '</h2><ol>', '</ol>'], step === 0 ? 'first' : label,
      list(['<li id="', '">', '</li>'], entries))));
  }
  return trees;
}

export function randomCases(newPage) {
  const cases = [];
  for (let seed = 1; seed <= 50; seed++) {
    cases.push({ name: `random/trees/${seed}`, description: 'random trees and keyed edits', trees: randomTrees(seed, 8) });
  }
  for (let seed = 1; seed <= 40; seed++) {
    cases.push({ name: `random/streams/${seed}`, description: 'random stream operations', trees: randomStream(1000 + seed, 10) });
  }
  for (let seed = 1; seed <= 20; seed++) {
    cases.push({ name: `random/components/${seed}`, description: 'random live components', steps: randomComponents(2000 + seed, 8, newPage()) });
  }
  for (let seed = 1; seed <= 15; seed++) {
    cases.push({ name: `random/unchanged/${seed}`, description: 'random unchanged entries and slots', trees: randomUnchanged(3000 + seed, 8) });
  }
  return cases;
}

// The LiveView reference workloads (tests/golden/README.md), smaller: the counter, a keyed
// table's operations and a feed paged with limits.
export function workloadCases() {
  const counter = ['<div class="counter">\n  <h1>Counter</h1>\n  <p>The current count is: <span class="value">',
    '</span></p>\n  <button phx-click="inc">+</button>\n  <button phx-click="dec">-</button>\n</div>'];
  const table = ['<table class="table table-hover table-striped test-data"><tbody id="tbody">', '</tbody></table>'];
  const row = ['<tr><td class="col-md-1">', '</td><td class="col-md-4"><a phx-click="select"', '>', '</a></td><td>',
    '</td><td>', '</td><td>', '</td><td class="col-md-1"><a phx-click="remove"',
    '><span class="remove glyphicon glyphicon-remove" aria-hidden="true"></span></a></td><td class="col-md-6"></td></tr>'];
  const label = (id) => `${['pretty', 'large', 'big', 'small', 'tall'][(id * 7) % 5]} ${['red', 'blue', 'green'][(id * 13) % 3]} ${['table', 'chair', 'pony'][(id * 17) % 3]}`;
  const rowOf = (r) => entry(r.id, String(r.id), attr('phx-value-id', String(r.id)), r.label, String((r.id * 7919) % 100000),
    `f2-${(r.id * 31) % 997}`, String(((r.id * 104729) % 1000) / 10), attr('phx-value-id', String(r.id)));
  const rows = (from, n) => Array.from({ length: n }, (_, i) => ({ id: from + i, label: label(from + i) }));
  const tableTree = (rs) => tree(node(table, list(row, rs.map(rowOf))));
  const ops = [
    ['update-every-10th', (rs) => rs.map((r, i) => (i % 10 === 0 ? { ...r, label: `${r.label} !!!` } : r))],
    ['swap-1-98', (rs) => { const c = [...rs]; [c[1], c[98]] = [c[98], c[1]]; return c; }],
    ['remove-one', (rs) => rs.filter((_, i) => i !== 49)],
    ['append-100', (rs) => [...rs, ...rows(101, 100)]],
    ['replace-all', () => rows(101, 100)],
    ['clear', () => []],
  ];
  const feed = ['<div id="feed" phx-update="stream" class="feed">', '</div>'];
  const post = ['<article', ' class="item"><header><span class="author">', '</span> <time>', '</time></header><p>', '</p></article>'];
  const postInsert = (id, at, limit) => insert(`items-${id}`, [attr('id', `items-${id}`), `user${(id * 37) % 1000}`,
    String(1700000000 + id), `Post number ${id}`], { at, limit });
  const page = (ids, at, limit) => tree(node(feed, stream('items', post, { inserts: ids.map((id) => postInsert(id, at, limit)) })));
  const range = (a, b) => Array.from({ length: Math.abs(b - a) + 1 }, (_, i) => (a < b ? a + i : a - i));
  return [
    { name: 'workloads/counter', description: 'the counter: +, +, -, reset', trees: [0, 1, 2, 1, 0, 0, -1].map((n) => tree(node(counter, String(n)))) },
    ...ops.map(([name, op]) => ({ name: `workloads/table-100/${name}`, description: `a 100-row keyed table: ${name}`, trees: [tableTree(rows(1, 100)), tableTree(op(rows(1, 100)))] })),
    {
      name: 'workloads/feed-pages', description: 'a feed paged down and up with limits, new posts at the top',
      trees: [page(range(100, 81), -1, null), page(range(80, 61), -1, -30), page(range(60, 41), -1, -30),
        page(range(61, 70).reverse(), 0, 30), page([101], 0, 30)],
    },
  ];
}
