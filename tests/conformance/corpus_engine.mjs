// The engine under test, a command spoken to over its stdin and stdout, one JSON request per
// line and one JSON answer per line, in order (corpus/README.md).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The engine under test: one request line out, one answer line in, in order. */
export class Engine {
  constructor(command) {
    this.proc = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
    this.waiting = [];
    this.exited = null;
    this.proc.on('exit', (code, signal) => {
      this.exited = `the engine exited (code ${code}, signal ${signal})`;
      for (const w of this.waiting.splice(0)) w.fail(new Error(this.exited));
    });
    this.proc.on('error', (e) => {
      this.exited = `the engine could not run: ${e.message}`;
      for (const w of this.waiting.splice(0)) w.fail(new Error(this.exited));
    });
    this.proc.stdin.on('error', () => {});
    createInterface({ input: this.proc.stdout }).on('line', (line) => {
      const w = this.waiting.shift();
      if (!w) return;
      try {
        w.ok(JSON.parse(line));
      } catch (e) {
        w.fail(new Error(`the engine answered with a line that is not JSON: ${line.slice(0, 200)}`));
      }
    });
  }

  call(request) {
    if (this.exited) return Promise.reject(new Error(this.exited));
    return new Promise((ok, fail) => {
      this.waiting.push({ ok, fail });
      this.proc.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  async diff(op, tree) {
    const answer = await this.call({ op, tree });
    if (answer.error !== undefined) throw new Error(`the engine refused the tree: ${answer.error}`);
    if (answer.diff === null || typeof answer.diff !== 'object' || Array.isArray(answer.diff)) {
      throw new Error(`the engine's answer has no diff object: ${JSON.stringify(answer).slice(0, 200)}`);
    }
    return answer.diff;
  }

  close() {
    this.proc.stdin.end();
  }
}
