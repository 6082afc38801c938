// The hand-written corpus cases, by group: each a name, what it checks, and its render trees.
import {
  attr, component, entry, html, insert, list, node, stream, sub, tree, unchanged, unchangedEntry,
} from './trees.mjs';

const P = ['<p>', '</p>'];
const DIV2 = ['<div class="a">', ' | ', '</div>'];
const LI = ['<li>', '</li>'];
const LI_ID = ['<li id="', '">', '</li>'];
const UL = ['<ul>', '</ul>'];
const ROW = ['<tr><td>', '</td><td><a phx-click="select"', '>', '</a></td></tr>'];
const TABLE = ['<table><tbody>', '</tbody></table>'];

const texts = (statics, ...steps) => steps.map((values) => tree(node(statics, ...values)));

export function textCases() {
  const one = (name, description, ...values) => ({ name: `text/${name}`, description, trees: texts(P, ...values.map((v) => [v])) });
  return [
    one('plain', 'a text dynamic, then another value', 'hello', 'world'),
    one('unchanged-value', 'the same value twice: nothing to send', 'same', 'same', 'other'),
    one('ampersand', 'text is escaped: &', 'fish & chips', 'a && b'),
    one('less-greater', 'text is escaped: < and >', '<script>alert(1)</script>', 'a < b > c'),
    one('quotes', 'text is escaped: " and \'', 'say "hi"', "it's"),
    one('entities-stay-text', 'an entity in text is text: &amp;amp; shows as &amp;', '&amp;', '&lt;b&gt;'),
    one('unicode', 'UTF-8 passes through', 'héllo wörld', '日本語のテキスト', 'emoji 😀🎉'),
    one('empty', 'an empty string, then text, then empty again', '', 'x', ''),
    one('null-slot', 'a slot never set renders as nothing', null, 'now set', null),
    one('whitespace', 'spaces, tabs and newlines are kept', '  a\tb\nc  ', ' '),
    one('json-specials', 'backslashes and control characters survive JSON', 'a\\b', 'line1\nline2\r\n', 'tab\there', '\u0001\u001f'),
    one('long', 'a long text', 'x'.repeat(5000), 'y'.repeat(4999)),
    one('numbers', 'numbers as text', '0', '-1', '3.14', '1e+21'),
    {
      name: 'text/two-slots', description: 'two dynamics, one changes at a time',
      trees: texts(DIV2, ['a', 'b'], ['a', 'c'], ['d', 'c'], ['d', 'c']),
    },
    {
      name: 'text/html-raw', description: 'trusted markup is not escaped',
      trees: texts(P, [html('<b>bold</b>')], [html('<i>it</i> &amp; more')], ['<b>as text</b>']),
    },
    {
      name: 'text/attr', description: 'a dynamic attribute, its value escaped',
      trees: texts(['<a', '>link</a>'], [attr('href', '/a?b=1&c=2')], [attr('title', 'say "x" <y>')], [attr('data-x', '')], ['']),
    },
    {
      name: 'text/many-slots', description: 'twenty dynamics, a few change',
      trees: (() => {
        const statics = ['<div>'];
        for (let i = 0; i < 20; i++) statics.push(i === 19 ? '</div>' : `<span>${i}</span>`);
        const a = Array.from({ length: 20 }, (_, i) => `v${i}`);
        const b = a.map((v, i) => (i % 5 === 0 ? `${v}!` : v));
        return texts(statics, a, b, b, a);
      })(),
    },
    {
      name: 'text/static-only', description: 'statics without dynamics',
      trees: [tree(node(['<em>static only</em>'])), tree(node(['<em>static only</em>']))],
    },
  ];
}

export function nodeCases() {
  const inner = (t) => sub(node(['<b>', '</b>'], t));
  return [
    {
      name: 'nodes/nested', description: 'a nested node changes inside',
      trees: [tree(node(P, inner('a'))), tree(node(P, inner('b'))), tree(node(P, inner('b')))],
    },
    {
      name: 'nodes/statics-change', description: 'the nested node gets other statics: sent whole',
      trees: [tree(node(P, inner('a'))), tree(node(P, sub(node(['<i>', '</i>'], 'a')))), tree(node(P, inner('c')))],
    },
    {
      name: 'nodes/text-to-node', description: 'a slot goes from text to a node and back',
      trees: [tree(node(P, 'plain')), tree(node(P, inner('x'))), tree(node(P, 'plain again'))],
    },
    {
      name: 'nodes/root-statics-change', description: 'the root template changes: everything is sent again',
      trees: [tree(node(P, 'a')), tree(node(['<section>', '</section>'], 'a')), tree(node(P, 'b'))],
    },
    {
      name: 'nodes/deep', description: 'twenty nested levels, the innermost changes',
      trees: ['x', 'y'].map((leaf) => {
        let n = node(['<span>', '</span>'], leaf);
        for (let i = 0; i < 20; i++) n = node(['<div>', '</div>'], sub(n));
        return tree(n);
      }),
    },
    {
      name: 'nodes/siblings', description: 'two nested nodes share statics; one changes',
      trees: [tree(node(DIV2, inner('1'), inner('2'))), tree(node(DIV2, inner('1'), inner('3'))), tree(node(DIV2, inner('4'), inner('3')))],
    },
    {
      name: 'nodes/empty-node', description: 'a nested node without dynamics',
      trees: [tree(node(P, sub(node(['<hr>'])))), tree(node(P, sub(node(['<br>'])))), tree(node(P, null))],
    },
    {
      name: 'nodes/node-to-null', description: 'a nested node disappears and comes back',
      trees: [tree(node(P, inner('a'))), tree(node(P, null)), tree(node(P, inner('a')))],
    },
    {
      name: 'nodes/single-root', description: 'a nested node with one root element (the client may skip it)',
      trees: [1, 1, 2, 2].map((v) => tree(node(['<main>', '', '</main>'], sub(node(['<div class="x">', '</div>'], `v${v}`)), String(v)))),
    },
    {
      name: 'nodes/mixed-depths', description: 'changes at several depths at once',
      trees: [['a', 'b', 'c'], ['a2', 'b', 'c2'], ['a2', 'b3', 'c2']].map(([x, y, z]) => tree(node(DIV2, sub(node(DIV2, x, sub(node(P, y)))), z))),
    },
  ];
}

const keyed = (keys, label = (k) => `item ${k}`) => list(LI_ID, keys.map((k) => entry(k, String(k), label(k))));

export function listCases() {
  const steps = (...keySets) => keySets.map((ks) => tree(node(UL, keyed(ks))));
  const c = (name, description, ...keySets) => ({ name: `lists/${name}`, description, trees: steps(...keySets) });
  const positional = (items) => tree(node(UL, list(LI, items.map((t) => entry(undefined, t)))));
  return [
    c('from-empty', 'an empty list fills', [], [1, 2, 3]),
    c('to-empty', 'a list empties', [1, 2, 3], []),
    c('append', 'entries added at the end', [1, 2], [1, 2, 3], [1, 2, 3, 4, 5]),
    c('prepend', 'entries added at the start', [3, 4], [2, 3, 4], [0, 1, 2, 3, 4]),
    c('insert-middle', 'an entry inserted in the middle', [1, 2, 4, 5], [1, 2, 3, 4, 5]),
    c('delete-first', 'the first entry deleted', [1, 2, 3], [2, 3]),
    c('delete-last', 'the last entry deleted', [1, 2, 3], [1, 2]),
    c('delete-middle', 'a middle entry deleted', [1, 2, 3, 4, 5], [1, 2, 4, 5]),
    c('swap', 'two entries swap (moves by old index)', [1, 2, 3, 4, 5], [1, 4, 3, 2, 5]),
    c('reverse', 'the whole list reversed', [1, 2, 3, 4, 5, 6], [6, 5, 4, 3, 2, 1]),
    c('rotate', 'the first entry moves to the end', [1, 2, 3, 4], [2, 3, 4, 1], [3, 4, 1, 2]),
    c('replace-all', 'every key new', [1, 2, 3], [4, 5, 6]),
    c('shuffle-insert-delete', 'moves, inserts and deletes in one render', [1, 2, 3, 4, 5], [5, 9, 2, 4, 8], [8, 5]),
    c('same-list', 'the same entries: nothing to send', [1, 2, 3], [1, 2, 3]),
    c('string-keys', 'string keys', ['a', 'b', 'c'], ['c', 'a', 'b', 'd']),
    {
      // Without DOM ids: two elements with one id would be a page the client cannot patch.
      name: 'lists/duplicate-keys', description: 'two entries with one key',
      trees: [[1, 1, 2], [2, 1, 1], [1, 2]].map((ks) => tree(node(UL, list(LI, ks.map((k) => entry(k, `item ${k}`)))))),
    },
    {
      name: 'lists/entry-changes', description: 'an entry changes in place while others move',
      trees: [
        tree(node(UL, keyed([1, 2, 3]))),
        tree(node(UL, keyed([3, 1, 2], (k) => (k === 1 ? 'changed' : `item ${k}`)))),
      ],
    },
    {
      name: 'lists/positional', description: 'entries without keys: by position',
      trees: [positional(['a', 'b']), positional(['a', 'c', 'd']), positional(['z']), positional([])],
    },
    {
      name: 'lists/statics-change', description: 'the entries get other statics: the list is sent whole',
      trees: [tree(node(UL, keyed([1, 2]))), tree(node(UL, list(LI, [entry(1, 'one'), entry(2, 'two')]))), tree(node(UL, list(LI, [entry(2, 'two')])))],
    },
    {
      name: 'lists/rows-with-attrs', description: 'table rows with dynamic attributes',
      trees: [[1, 2, 3], [1, 3, 2], [3, 2]].map((ids) => tree(node(TABLE, list(ROW, ids.map((id) => entry(id, String(id), attr('phx-value-id', String(id)), `label <${id}>`)))))),
    },
    {
      name: 'lists/entries-with-nodes', description: 'entries holding nested nodes',
      trees: [['a', 'b'], ['b', 'a'], ['b', 'c']].map((labels) => tree(node(UL, list(['<li>', '</li>'], labels.map((l) => entry(l, sub(node(['<b>', '</b>'], l)))))))),
    },
    {
      name: 'lists/nested-inner-changes', description: 'lists inside entries; the inner lists change, the outer order stays',
      trees: [[[1, 2], [3]], [[2, 1], [3, 4]], [[2], []]].map((inners) => tree(node(['<div>', '</div>'],
        list(['<section>', '</section>'], inners.map((ks, i) => entry(i + 100, keyed(ks))))))),
    },
    {
      name: 'lists/nested-outer-moves', description: 'lists inside entries; the outer entries move, the inner lists stay',
      trees: [[100, 101, 102], [102, 100, 101], [101, 102]].map((order) => tree(node(['<div>', '</div>'],
        list(['<section>', '</section>'], order.map((k) => entry(k, list(LI, [entry(k, `${k}`), entry(k + 1, `${k + 1}`)]))))))),
    },
    {
      // Inner keys are offset by their outer key: DOM ids are unique in a page, and the client's
      // DOM patching matches elements by id across the whole page.
      name: 'lists/nested-both-move', description: 'outer entries and the list inside one of them move in the same render',
      trees: [
        [[0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]], [1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]], [2, [5, 6, 7, 8, 9, 0, 1, 2, 3, 4]]],
        [[2, [4, 3, 2, 1, 0, 9, 8, 7, 6, 5]], [0, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]], [1, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]],
        [[1, [9, 8]], [2, [4, 3, 2]], [0, [1, 0]]],
      ].map((groups) => tree(node(['<div>', '</div>'],
        list(['<section>', '</section>'], groups.map(([k, inner]) => entry(k, keyed(inner.map((i) => k * 100 + i)))))))),
    },
    {
      name: 'lists/nested-three-levels-move', description: 'three levels of keyed lists, every level reordered at once',
      trees: [
        [[1, [[10, [1, 2, 3]], [11, [4, 5]]]], [2, [[20, [6, 7]], [21, [8, 9, 10]]]]],
        [[2, [[21, [10, 9, 8]], [20, [7, 6]]]], [1, [[11, [5, 4]], [10, [3, 1, 2]]]]],
      ].map((outer) => tree(node(['<main>', '</main>'],
        list(['<section>', '</section>'], outer.map(([k, mid]) => entry(k,
          list(['<div>', '</div>'], mid.map(([m, inner]) => entry(m, keyed(inner.map((i) => m * 100 + i))))))))))),
    },
    {
      name: 'lists/two-lists-one-statics', description: 'two lists sharing entry statics',
      trees: [[[1], [2]], [[1, 3], [2]], [[], [2, 1]]].map(([a, b]) => tree(node(DIV2, keyed(a), keyed(b.map((k) => k + 10))))),
    },
    {
      name: 'lists/list-to-text', description: 'a slot goes from a list to text and back',
      trees: [tree(node(UL, keyed([1, 2]))), tree(node(UL, 'no items')), tree(node(UL, keyed([2])))],
    },
  ];
}

const CARD = ['<div class="card">', '</div>'];
const CARD2 = ['<article class="', '">', '</article>'];
const MAIN = ['<main>', '</main>'];
const MAIN2 = ['<main>', '<hr>', '</main>'];

export function componentCases() {
  const t = (root, components) => tree(root, { components });
  return [
    {
      name: 'components/one', description: 'one live component, rendered then updated',
      trees: [t(node(MAIN, component(1)), { 1: node(CARD, 'a') }), t(node(MAIN, component(1)), { 1: node(CARD, 'b') })],
    },
    {
      name: 'components/not-rendered-keeps', description: 'a component not rendered keeps what the client has',
      trees: [t(node(MAIN2, component(1), 'x'), { 1: node(CARD, 'kept') }), t(node(MAIN2, component(1), 'y'), {}), t(node(MAIN2, component(1), 'y'), { 1: node(CARD, 'new') })],
    },
    {
      name: 'components/shared-statics', description: 'two components with one statics',
      trees: [t(node(MAIN2, component(1), component(2)), { 1: node(CARD, 'one'), 2: node(CARD, 'two') }),
        t(node(MAIN2, component(1), component(2)), { 2: node(CARD, 'two!') })],
    },
    {
      name: 'components/statics-change', description: 'a component gets other statics',
      trees: [t(node(MAIN, component(1)), { 1: node(CARD, 'a') }), t(node(MAIN, component(1)), { 1: node(CARD2, 'cls', 'a') }), t(node(MAIN, component(1)), { 1: node(CARD2, 'cls2', 'a') })],
    },
    {
      name: 'components/destroyed-and-back', description: 'a component leaves the page (the client destroys it) and comes back',
      trees: [t(node(MAIN2, component(1), component(2)), { 1: node(CARD, 'one'), 2: node(CARD, 'two') }),
        t(node(MAIN2, component(1), ''), { 1: node(CARD, 'one') }),
        t(node(MAIN2, component(1), component(2)), { 2: node(CARD, 'two again') })],
    },
    {
      name: 'components/in-list', description: 'components as list entries, reordered',
      trees: [[1, 2, 3], [3, 1, 2], [3, 2]].map((cids) => t(node(UL, list(LI, cids.map((c) => entry(c, component(c))))),
        Object.fromEntries(cids.map((c) => [c, node(CARD, `card ${c}`)])))),
    },
    {
      name: 'components/nested', description: 'a component inside a component',
      trees: [t(node(MAIN, component(1)), { 1: node(CARD, component(2)), 2: node(['<span>', '</span>'], 'inner') }),
        t(node(MAIN, component(1)), { 2: node(['<span>', '</span>'], 'inner 2') }),
        t(node(MAIN, component(1)), { 1: node(CARD, 'no inner') })],
    },
    {
      name: 'components/root-change', description: 'new root statics: components are sent again',
      trees: [t(node(MAIN, component(1)), { 1: node(CARD, 'a') }), t(node(['<section>', '</section>'], component(1)), { 1: node(CARD, 'a') })],
    },
    {
      name: 'components/only-components', description: 'a diff with only component changes',
      trees: [1, 2, 3].map((v) => t(node(MAIN2, component(1), component(2)), { 1: node(CARD, `v${v}`), 2: node(CARD, 'fixed') })),
    },
    {
      name: 'components/with-list', description: 'a component holding a keyed list',
      trees: [[1, 2], [2, 1, 3]].map((ks) => t(node(MAIN, component(5)), { 5: node(CARD, keyed(ks)) })),
    },
    {
      name: 'components/moved-slot', description: 'a component moves from one slot to another',
      trees: [t(node(MAIN2, component(1), ''), { 1: node(CARD, 'a') }), t(node(MAIN2, '', component(1)), {})],
    },
  ];
}

const FEED = ['<div id="feed" phx-update="stream">', '</div>'];
const ITEM = ['<p', '>', '</p>'];
const item = (id, text, opts) => insert(id, [attr('id', id), text], opts);
const feed = (ops, root = FEED) => tree(node(root, stream('items', ITEM, ops)));

export function streamCases() {
  const c = (name, description, ...ops) => ({ name: `streams/${name}`, description, trees: ops.map((o) => feed(o)) });
  return [
    c('append', 'items appended', { inserts: [item('i1', 'one'), item('i2', 'two')] }, { inserts: [item('i3', 'three')] }),
    c('prepend', 'items prepended', { inserts: [item('i1', 'one')] }, { inserts: [item('i2', 'two', { at: 0 })] }, { inserts: [item('i3', 'three', { at: 0 })] }),
    c('insert-at', 'an item inserted at index 1', { inserts: [item('a', 'a'), item('b', 'b'), item('c', 'c')] }, { inserts: [item('x', 'x', { at: 1 })] }),
    c('insert-beyond', 'an index beyond the end appends', { inserts: [item('a', 'a')] }, { inserts: [item('x', 'x', { at: 3 })] }),
    c('limit-positive', 'prepends keep the first 3', { inserts: [item('a', 'a'), item('b', 'b'), item('c', 'c')] },
      { inserts: [item('d', 'd', { at: 0, limit: 3 })] }, { inserts: [item('e', 'e', { at: 0, limit: 3 }), item('f', 'f', { at: 0, limit: 3 })] }),
    c('limit-negative', 'appends keep the last 3', { inserts: [item('a', 'a'), item('b', 'b'), item('c', 'c')] },
      { inserts: [item('d', 'd', { limit: -3 })] }, { inserts: [item('e', 'e', { limit: -3 })] }),
    c('update-in-place', 'an item shown is updated where it is', { inserts: [item('a', 'a'), item('b', 'b'), item('c', 'c')] }, { inserts: [item('b', 'B!', { at: 0 })] }),
    c('update-only-shown', 'update_only changes an item shown', { inserts: [item('a', 'a')] }, { inserts: [item('a', 'A', { updateOnly: true })] }),
    c('update-only-missing', 'update_only never adds', { inserts: [item('a', 'a')] }, { inserts: [item('z', 'z', { updateOnly: true })] }),
    c('delete', 'items deleted by DOM id', { inserts: [item('a', 'a'), item('b', 'b'), item('c', 'c')] }, { deletes: ['b'] }, { deletes: ['a', 'c'] }),
    c('delete-missing', 'deleting an id not shown changes nothing', { inserts: [item('a', 'a')] }, { deletes: ['nope'] }),
    c('delete-then-insert', 'a delete and an insert of the same id in one render', { inserts: [item('a', 'a'), item('b', 'b')] }, { deletes: ['a'], inserts: [item('a', 'new a', { at: 0 })] }),
    c('reset', 'a reset clears the items', { inserts: [item('a', 'a'), item('b', 'b')] }, { reset: true }, { inserts: [item('c', 'c')] }),
    c('reset-with-items', 'a reset with new items', { inserts: [item('a', 'a'), item('b', 'b')] }, { reset: true, inserts: [item('c', 'c'), item('b', 'b again')] }),
    c('nothing', 'a stream with no operations sends nothing', { inserts: [item('a', 'a')] }, {}, {}),
    c('escaping', 'item content is escaped', { inserts: [item('a', '<b>&"\'')] }, { inserts: [item('a', 'plain')] }),
    {
      name: 'streams/beside-text', description: 'a stream and a text in one template',
      trees: [0, 1, 2].map((n) => tree(node(['<h1>', '</h1><div id="s" phx-update="stream">', '</div>'], `count ${n}`,
        stream('s', ITEM, { inserts: n === 1 ? [] : [item(`s${n}`, `item ${n}`)] })))),
    },
    {
      name: 'streams/two-streams', description: 'two streams in one page',
      trees: [0, 1].map((n) => tree(node(['<div id="a" phx-update="stream">', '</div><div id="b" phx-update="stream">', '</div>'],
        stream('a', ITEM, { inserts: [item(`a${n}`, `a${n}`)] }), stream('b', ITEM, { inserts: [item(`b${n}`, `b${n}`, { at: 0 })] })))),
    },
    {
      name: 'streams/nested-content', description: 'items with nested nodes and lists',
      trees: [feedWithNested(['x', 'y']), feedWithNested(['z'])],
    },
    {
      name: 'streams/in-component', description: 'a stream inside a live component',
      trees: [
        tree(node(MAIN, component(1)), { components: { 1: node(['<section><ul id="cn" phx-update="stream">', '</ul></section>'], stream('cn', ['<li', '>', '</li>'], { inserts: [item('c1', 'one'), item('c2', 'two')] })) } }),
        tree(node(MAIN, component(1)), { components: { 1: node(['<section><ul id="cn" phx-update="stream">', '</ul></section>'], stream('cn', ['<li', '>', '</li>'], { inserts: [item('c3', 'three', { at: 0 })], deletes: ['c1'] })) } }),
      ],
    },
  ];
}

function feedWithNested(labels) {
  const st = ['<div', '>', '</div>'];
  return tree(node(FEED, stream('n', st, {
    inserts: labels.map((l) => insert(`n-${l}`, [attr('id', `n-${l}`), sub(node(['<b>', '</b><i>', '</i>'], l, list(['<em>', '</em>'], [entry(1, 'one'), entry(2, 'two')])))])),
  })));
}

export function titleEventCases() {
  const page = (v, more) => tree(node(P, v), more);
  return [
    { name: 'titles/set', description: 'a page title with a diff', trees: [page('a'), page('b', { title: 'Second' }), page('b', { title: 'Third & <last>' })] },
    { name: 'titles/only-title', description: 'a diff with only a title', trees: [page('a'), page('a', { title: 'Just the title' })] },
    { name: 'events/push', description: 'a pushed event reaches the page', trees: [page('a'), page('b', { events: [['highlight', { id: 3 }]] })] },
    { name: 'events/two', description: 'two pushed events with a title', trees: [page('a'), page('a', { title: 'T', events: [['one', { n: 1 }], ['two', { s: 'x' }]] })] },
  ];
}

export function unchangedCases() {
  return [
    {
      name: 'unchanged/slot', description: 'a slot marked unchanged keeps its text',
      trees: [tree(node(DIV2, 'kept', 'a')), tree(node(DIV2, unchanged, 'b')), tree(node(DIV2, unchanged, 'c'))],
    },
    {
      name: 'unchanged/nested-node', description: 'a nested node marked unchanged keeps its subtree',
      trees: [tree(node(DIV2, sub(node(P, 'deep')), 'a')), tree(node(DIV2, unchanged, 'b')), tree(node(DIV2, sub(node(P, 'new')), 'b'))],
    },
    {
      name: 'unchanged/entries', description: 'entries marked unchanged keep their content, wherever they move',
      trees: [
        tree(node(UL, keyed([1, 2, 3]))),
        tree(node(UL, list(LI_ID, [unchangedEntry(3), entry(1, '1', 'item one changed'), unchangedEntry(2)]))),
        tree(node(UL, list(LI_ID, [unchangedEntry(2), entry(4, '4', 'four'), unchangedEntry(3)]))),
      ],
    },
    {
      name: 'unchanged/string-key-entries', description: 'unchanged entries with string keys',
      trees: [tree(node(UL, keyed(['a', 'b']))), tree(node(UL, list(LI_ID, [unchangedEntry('b'), unchangedEntry('a')])))],
    },
    {
      name: 'unchanged/list-slot', description: 'a whole list marked unchanged',
      trees: [tree(node(DIV2, keyed([1, 2]), 'x')), tree(node(DIV2, unchanged, 'y')), tree(node(DIV2, keyed([2]), 'y'))],
    },
    {
      name: 'unchanged/in-component', description: 'an unchanged slot inside a component',
      trees: [tree(node(MAIN, component(1)), { components: { 1: node(['<div>', '', '</div>'], 'kept', 'a') } }),
        tree(node(MAIN, component(1)), { components: { 1: node(['<div>', '', '</div>'], unchanged, 'b') } })],
    },
  ];
}
