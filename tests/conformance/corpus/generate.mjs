#!/usr/bin/env node
// Writes the corpus: each case's render trees with the HTML reference.mjs says the page shows
// after each. `node generate.mjs` rewrites the files; `--check` fails if they are not what it
// would write (the corpus test runs it so).
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
  componentCases, listCases, nodeCases, streamCases, textCases, titleEventCases, unchangedCases,
} from './cases.mjs';
import { randomCases, workloadCases } from './random_cases.mjs';
import { Page } from './reference.mjs';

const VIEW_ID = 'phx-view';
const here = dirname(fileURLToPath(import.meta.url));

function steps(c) {
  if (c.steps) return c.steps;
  const page = new Page(VIEW_ID);
  return c.trees.map((t, i) => {
    const step = { tree: t, html: page.render(t).html };
    if (t.title !== undefined) step.title = t.title;
    if (t.events !== undefined && i > 0) step.events = t.events;
    return step;
  });
}

function file(description, cases) {
  const lines = cases.map((c) => {
    try {
      return JSON.stringify({ name: c.name, description: c.description, steps: steps(c) });
    } catch (e) {
      throw new Error(`${c.name}: ${e.message}`);
    }
  });
  return `{"format":"livediff-corpus/1","description":${JSON.stringify(description)},"cases":[\n${lines.join(',\n')}\n]}\n`;
}

const random = randomCases(() => new Page(VIEW_ID));
const files = {
  'text.json': ['text, attributes and trusted markup in one node', textCases()],
  'nodes.json': ['nested nodes and changing statics', nodeCases()],
  'lists.json': ['keyed and positional lists: inserts, deletes, moves', listCases()],
  'components.json': ['live components: shared statics, held, destroyed and back', componentCases()],
  'streams.json': ['streams: inserts at any index, limits, update_only, deletes, resets', streamCases()],
  'titles_events.json': ['page titles and pushed events beside a diff', titleEventCases()],
  'unchanged.json': ['parts marked unchanged by the server', unchangedCases()],
  'workloads.json': ['the reference workloads: counter, keyed table, feed', workloadCases()],
  'random_trees.json': ['random trees with keyed edits', random.filter((c) => c.name.startsWith('random/trees/'))],
  'random_streams.json': ['random stream operations', random.filter((c) => c.name.startsWith('random/streams/'))],
  'random_components.json': ['random live components', random.filter((c) => c.name.startsWith('random/components/'))],
  'random_unchanged.json': ['random unchanged entries and slots', random.filter((c) => c.name.startsWith('random/unchanged/'))],
};

const check = process.argv.includes('--check');
let stale = 0;
let total = 0;
for (const [name, [description, cases]] of Object.entries(files)) {
  const text = file(description, cases);
  total += cases.length;
  const path = join(here, name);
  if (check) {
    let current = null;
    try { current = readFileSync(path, 'utf8'); } catch { /* missing */ }
    if (current !== text) {
      console.error(`${name} is not what generate.mjs writes: run node tests/conformance/corpus/generate.mjs`);
      stale++;
    }
  } else {
    writeFileSync(path, text);
  }
}
console.log(`${total} cases in ${Object.keys(files).length} files${check ? (stale ? `, ${stale} stale` : ', up to date') : ' written'}`);
process.exit(stale ? 1 : 0);
