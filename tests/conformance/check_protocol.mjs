#!/usr/bin/env node
// Checks the examples of docs/protocol.md against an engine and the real client:
//
//   node tests/conformance/check_protocol.mjs [--doc FILE] -- COMMAND...
//
// Each ```json example block is a case: a step with a "tree" goes to the engine (the corpus's
// protocol, corpus/README.md), whose diff must be the step's "diff" exactly (the same members in
// the same order); a step without one sends its "diff" as written. Either way the real
// phoenix_live_view client in jsdom must then show the step's "html" (and "title", "events").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { firstDifference, LivePage } from './corpus_client.mjs';
import { Engine } from './corpus_engine.mjs';

function parseArgs(argv) {
  const here = dirname(fileURLToPath(import.meta.url));
  const opts = { doc: join(here, '..', '..', 'docs', 'protocol.md'), command: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') { opts.command = argv.slice(i + 1); break; }
    if (argv[i] === '--doc') opts.doc = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!opts.command || !opts.command.length) throw new Error('usage: check_protocol.mjs [--doc FILE] -- COMMAND...');
  return opts;
}

export function examples(markdown) {
  const out = [];
  for (const m of markdown.matchAll(/```json example\n([\s\S]*?)\n```/g)) {
    try {
      out.push(JSON.parse(m[1]));
    } catch (e) {
      throw new Error(`an example block is not JSON (${e.message}):\n${m[1].slice(0, 200)}`);
    }
  }
  return out;
}

async function check(engine, ex) {
  let page = null;
  try {
    for (let i = 0; i < ex.steps.length; i++) {
      const step = ex.steps[i];
      let diff = step.diff;
      if (step.tree !== undefined) {
        diff = await engine.diff(i === 0 ? 'join' : 'render', step.tree);
        if (JSON.stringify(diff) !== JSON.stringify(step.diff)) {
          return `step ${i}: the engine sent\n    ${JSON.stringify(diff)}\n  the document says\n    ${JSON.stringify(step.diff)}`;
        }
      }
      if (i === 0) {
        page = await LivePage.mount('phx-view', structuredClone(diff), step.html, async () => {});
      } else {
        await page.diff(structuredClone(diff), (step.events || []).map(([name]) => name));
      }
      const got = page.html();
      const want = page.normalize(step.html);
      if (got !== want) return `step ${i}: ${firstDifference(got, want)}`;
      if (step.title !== undefined && page.title() !== step.title) {
        return `step ${i}: the title is ${JSON.stringify(page.title())}, the document says ${JSON.stringify(step.title)}`;
      }
      if (step.events !== undefined && JSON.stringify(page.events) !== JSON.stringify(step.events)) {
        return `step ${i}: the client dispatched ${JSON.stringify(page.events)}, the document says ${JSON.stringify(step.events)}`;
      }
      page.events = [];
    }
    return null;
  } finally {
    if (page) page.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const all = examples(readFileSync(opts.doc, 'utf8'));
  if (all.length === 0) throw new Error(`${opts.doc} has no examples`);
  const engine = new Engine(opts.command);
  const failures = [];
  for (const ex of all) {
    const failure = await check(engine, ex);
    if (failure) failures.push(`${ex.name}: ${failure}`);
  }
  engine.close();
  for (const f of failures) console.error(`FAIL ${f}`);
  console.log(`${all.length - failures.length} of ${all.length} examples of ${opts.doc} hold`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(2);
});
