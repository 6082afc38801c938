#!/usr/bin/env node
// Runs the conformance corpus (tests/conformance/corpus/*.json) against any engine:
//
//   node tests/conformance/run_corpus.mjs [--corpus DIR] [--filter TEXT] [--keep-going] -- COMMAND...
//
// COMMAND is started once and spoken to over stdin/stdout, one JSON object per line each way
// (corpus/README.md): for each case it gets the case's render trees in order, answers each with
// its diff, and the runner merges the diffs with the real phoenix_live_view client in jsdom and
// compares the page with the HTML the case says it must show. The first mismatch is reported
// with the diff that led to it; the exit status is 0 when every case passed.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

import { firstDifference, LivePage } from './corpus_client.mjs';
import { Engine } from './corpus_engine.mjs';

const VIEW_ID = 'phx-view';

function parseArgs(argv) {
  const opts = { corpus: join(dirname(fileURLToPath(import.meta.url)), 'corpus'), filter: null, keepGoing: false, command: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') { opts.command = argv.slice(i + 1); break; }
    if (a === '--corpus') opts.corpus = argv[++i];
    else if (a === '--filter') opts.filter = argv[++i];
    else if (a === '--keep-going') opts.keepGoing = true;
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.command || opts.command.length === 0) {
    throw new Error('usage: run_corpus.mjs [--corpus DIR] [--filter TEXT] [--keep-going] -- COMMAND...');
  }
  return opts;
}

async function runCase(engine, c) {
  let page = null;
  try {
    for (let i = 0; i < c.steps.length; i++) {
      const step = c.steps[i];
      const where = `step ${i}`;
      let diff;
      try {
        diff = await engine.diff(i === 0 ? 'join' : 'render', step.tree);
      } catch (e) {
        return `${where}: ${e.message}`;
      }
      const sent = JSON.stringify(diff);
      try {
        if (i === 0) {
          // The page arrives with its dead render, the HTML of the first tree.
          page = await LivePage.mount(VIEW_ID, diff, step.html, (cids) => engine.call({ op: 'forget', cids }));
        } else {
          await page.diff(diff, (step.events || []).map(([name]) => name));
        }
      } catch (e) {
        return `${where}: the client failed on ${sent.slice(0, 400)}: ${e.message}`;
      }
      let got;
      let want;
      try {
        got = page.html();
        want = page.normalize(step.html);
      } catch (e) {
        return `${where}, after ${sent.slice(0, 600)}\n  the page cannot be read back: ${e.message}`;
      }
      if (got !== want) return `${where}, after ${sent.slice(0, 600)}\n  ${firstDifference(got, want)}`;
      if (step.title !== undefined && page.title() !== step.title) {
        return `${where}: the page title is ${JSON.stringify(page.title())}, expected ${JSON.stringify(step.title)}`;
      }
      // Through JSON: the events' details are objects of the page's realm.
      if (step.events !== undefined && !isDeepStrictEqual(JSON.parse(JSON.stringify(page.events)), step.events)) {
        return `${where}: the client dispatched ${JSON.stringify(page.events)}, expected ${JSON.stringify(step.events)}`;
      }
      page.events = [];
    }
    return null;
  } finally {
    if (page) page.close();
  }
}

function loadCorpus(dir, filter) {
  const cases = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    if (doc.format !== 'livediff-corpus/1') throw new Error(`${file}: not a livediff-corpus/1 file`);
    for (const c of doc.cases) {
      if (!filter || c.name.includes(filter)) cases.push({ ...c, file });
    }
  }
  return cases;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = loadCorpus(opts.corpus, opts.filter);
  if (cases.length === 0) throw new Error('no cases');
  const engine = new Engine(opts.command);
  const started = Date.now();
  let passed = 0;
  let steps = 0;
  const failures = [];
  for (const c of cases) {
    const failure = await runCase(engine, c);
    if (failure === null) {
      passed++;
      steps += c.steps.length;
      continue;
    }
    failures.push(`${c.file}: ${c.name}: ${failure}`);
    if (!opts.keepGoing) break;
  }
  engine.close();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(`${passed} of ${cases.length} cases passed (${steps} renders) in ${seconds} s`);
  process.exit(failures.length === 0 && passed === cases.length ? 0 : 1);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(2);
});
