// For the browser tests of the Python host (tests/browser/python_*.test.mjs): starts
// bindings/python/examples/server.py on a free port with --debug-routes, against the
// liblivediff_c of the build tree the tests run from, and gives the same suite() shape as
// tests/browser/helpers.mjs, so its helpers (openLive, assertMatchesServer, ...) apply as they are.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { launchBrowser, REPO_ROOT } from '../../../tests/browser/helpers.mjs';

const SERVER = join(REPO_ROOT, 'bindings', 'python', 'examples', 'server.py');

// Debian's interpreter has python3-cffi and python3-aiohttp; another one may lack them.
function python() {
  if (process.env.LIVEDIFF_PYTHON) return process.env.LIVEDIFF_PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

// The build tree of the tests (LIVEDIFF_DEMO is <build>/examples/livediff_demo), so the host
// uses the library built with them.
function library() {
  if (process.env.LIVEDIFF_C_LIBRARY) return process.env.LIVEDIFF_C_LIBRARY;
  const demo = process.env.LIVEDIFF_DEMO;
  if (!demo) return undefined;
  const lib = join(dirname(dirname(demo)), 'bindings', 'c', 'liblivediff_c.so.0');
  return existsSync(lib) ? lib : undefined;
}

const running = new Set();
process.on('exit', () => {
  for (const p of running) {
    try { p.kill('SIGKILL'); } catch { /* gone */ }
  }
});

export async function startPythonHost({ args = [], timeout = 15000 } = {}) {
  const env = { ...process.env };
  const lib = library();
  if (lib) env.LIVEDIFF_C_LIBRARY = lib;
  const proc = spawn(python(), [SERVER, '--port', '0', '--debug-routes', ...args], {
    cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(proc);
  let stdout = '';
  let stderr = '';
  proc.stdout.setEncoding('utf8');
  proc.stderr.setEncoding('utf8');
  proc.stderr.on('data', (d) => { stderr = (stderr + d).slice(-100000); });
  const exited = new Promise((ok) => proc.on('exit', (code, signal) => {
    running.delete(proc);
    ok({ code, signal });
  }));
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      fail(new Error(`server.py printed no address within ${timeout} ms:\n${stdout}\n${stderr}`));
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
      fail(new Error(`server.py exited (code ${code}, signal ${signal}) before serving:\n${stdout}\n${stderr}`));
    });
  });
  let exitInfo = null;
  exited.then((e) => { exitInfo = e; });
  return {
    url,
    port: Number(new URL(url).port),
    proc,
    log: () => stderr,
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
  };
}

/** helpers.suite() with the Python host in place of livediff_demo. */
export function pythonSuite(hostOptions = {}) {
  const ctx = {
    demo: null,
    browser: null,
    contexts: [],
    async setup() {
      const [host, browser] = await Promise.allSettled([startPythonHost(hostOptions), launchBrowser()]);
      if (host.status === 'fulfilled') ctx.demo = host.value;
      if (browser.status === 'fulfilled') ctx.browser = browser.value;
      if (host.status === 'rejected' || browser.status === 'rejected') {
        await ctx.browser?.close().catch(() => {});
        await ctx.demo?.stop();
        throw (host.status === 'rejected' ? host.reason : browser.reason);
      }
    },
    async newContext() {
      const c = await ctx.browser.newContext({ viewport: { width: 1200, height: 800 } });
      ctx.contexts.push(c);
      return c;
    },
    async teardown() {
      const alive = ctx.demo ? ctx.demo.alive() : true;
      const info = ctx.demo ? ctx.demo.exitInfo() : null;
      await Promise.allSettled(ctx.contexts.map((c) => c.close()));
      if (ctx.browser) await ctx.browser.close().catch(() => {});
      const stopped = ctx.demo ? await ctx.demo.stop() : null;
      if (!ctx.demo) return;
      const log = ctx.demo.log();
      assert.ok(alive, `server.py died during the tests (${JSON.stringify(info)}):\n${log.slice(-4000)}`);
      assert.equal(stopped.code, 0, `server.py did not stop cleanly on SIGTERM (${JSON.stringify(stopped)}):\n${log.slice(-4000)}`);
    },
  };
  return ctx;
}
