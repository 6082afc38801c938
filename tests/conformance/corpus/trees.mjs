// A small vocabulary for writing corpus render trees (README.md has the format), shared by the
// hand-written and the random cases.

/** A node: statics and one dynamic per gap between them. */
export const node = (statics, ...dynamics) => {
  if (dynamics.length !== statics.length - 1) {
    throw new Error(`${statics.length} statics need ${statics.length - 1} dynamics, got ${dynamics.length}`);
  }
  return { statics, dynamics };
};
export const tree = (root, more = {}) => ({ root, ...more });
export const html = (markup) => ({ html: markup });
export const attr = (name, value) => ({ attr: [name, value] });
export const sub = (n) => ({ node: n });
export const list = (statics, entries) => ({ list: { statics, entries } });
/** An entry keyed by `key` (a number or string), or by position when `key` is undefined. */
export const entry = (key, ...dynamics) => (key === undefined ? { dynamics } : { key, dynamics });
export const unchangedEntry = (key) => ({ unchanged: key });
export const component = (cid) => ({ component: cid });
export const unchanged = { unchanged: true };
export const stream = (ref, statics, { reset = false, deletes = [], inserts = [] } = {}) => {
  const s = { ref, statics, deletes, inserts };
  if (reset) s.reset = true;
  return { stream: s };
};
export const insert = (id, dynamics, { at = -1, limit = null, updateOnly = false } = {}) => {
  const i = { id, at, limit, update_only: updateOnly, dynamics };
  return i;
};

/** Deterministic random numbers (mulberry32), so the corpus is the same on every machine. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => (n <= 0 ? 0 : Math.floor(next() * n)),
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    chance: (p) => next() < p,
  };
}
