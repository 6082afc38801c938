// /todos: add with phx-submit; the list is a stream of live components (toggle, inline edit,
// delete); a second tab sees every change at once through PubSub. A tab is brought to the front
// before it is clicked: Chromium does not run animation frames for background tabs, which
// Playwright's click waits for.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertHealthy, assertMatchesServer, count, openLive, suite, text, waitInPage, waitText,
} from './helpers.mjs';

const s = suite();
before(() => s.setup());
after(() => s.teardown());

const itemSel = (id) => `#todos > #todos-${id}`;

/** The todos shown in the page, in order: { id, title, done, component }. */
function shown(page) {
  return page.evaluate(() => [...document.querySelectorAll('#todos > *')].map((el) => {
    const root = el.querySelector('.todo');
    return {
      id: el.id,
      title: root?.querySelector('.title')?.textContent ?? null,
      done: root?.querySelector('input[type=checkbox]')?.checked ?? null,
      component: root?.hasAttribute('data-phx-component') ?? false,
    };
  }));
}

async function waitItem(page, id, pred, message) {
  await waitInPage(page, ([sel, src]) => {
    const el = document.querySelector(sel);
    // eslint-disable-next-line no-new-func
    return new Function('el', `return (${src})(el)`)(el);
  }, [itemSel(id), pred.toString()], {
    message: `${message} (todo ${id})`,
    describe: ([sel]) => document.querySelector(sel)?.outerHTML ?? `no ${sel}; list: ${document.querySelector('#todos')?.innerHTML}`,
  });
}

async function add(page, title) {
  await page.bringToFront();
  await page.fill('#new-title', title);
  await page.press('#new-title', 'Enter');
}

test('add, toggle, edit and delete, seen by a second tab at once', async () => {
  const context = await s.newContext();
  const a = await openLive(context, s.demo, '/todos');
  const b = await openLive(context, s.demo, '/todos');
  assert.equal(await count(a, '#todos > *'), 0, 'a fresh demo starts with no todos');

  // Add in A: both tabs show it, as a live component inside a stream item.
  await add(a, 'buy milk');
  for (const p of [a, b]) await waitItem(p, 1, (el) => el?.querySelector('.title')?.textContent === 'buy milk', 'the added todo to show');
  await add(a, 'walk dog');
  await add(b, 'write tests');
  for (const p of [a, b]) await waitItem(p, 3, (el) => el?.querySelector('.title')?.textContent === 'write tests', 'the third todo to show');
  for (const p of [a, b]) {
    assert.deepEqual(await shown(p), [
      { id: 'todos-1', title: 'buy milk', done: false, component: true },
      { id: 'todos-2', title: 'walk dog', done: false, component: true },
      { id: 'todos-3', title: 'write tests', done: false, component: true },
    ]);
  }

  // Toggle in B: A sees it done (checked, struck through); toggling again undoes it.
  await b.bringToFront();
  await b.click('#toggle-1');
  await waitItem(a, 1, (el) => el?.querySelector('input[type=checkbox]')?.checked === true
    && /line-through/.test(el.querySelector('.title')?.getAttribute('style') ?? ''), 'the toggled todo to show as done in the other tab');
  await waitItem(b, 1, (el) => /line-through/.test(el?.querySelector('.title')?.getAttribute('style') ?? ''), 'the toggled todo to be struck through');
  await a.bringToFront();
  await a.click('#toggle-1');
  for (const p of [a, b]) {
    await waitItem(p, 1, (el) => el?.querySelector('input[type=checkbox]')?.checked === false
      && !el.querySelector('.title')?.hasAttribute('style'), 'the todo toggled back to show as not done');
  }

  // Edit in A: the inline form is A's alone; saving updates both tabs.
  await a.bringToFront();
  await a.click('#todos-2 .edit');
  await waitItem(a, 2, (el) => el?.querySelector('form.edit-form input[name=title]')?.value === 'walk dog', 'the inline edit form');
  assert.equal(await count(b, '#todos-2 form'), 0, 'the other tab does not enter edit mode');
  await a.fill('#todos-2 input[name=title]', 'walk the dog');
  await a.press('#todos-2 input[name=title]', 'Enter');
  for (const p of [a, b]) await waitItem(p, 2, (el) => el?.querySelector('.title')?.textContent === 'walk the dog', 'the edited title');
  assert.equal(await count(a, '#todos-2 form'), 0, 'saving leaves edit mode');

  // Cancel leaves the title as it was.
  await a.bringToFront();
  await a.click('#todos-3 .edit');
  await waitItem(a, 3, (el) => !!el?.querySelector('form.edit-form'), 'the inline edit form');
  await a.fill('#todos-3 input[name=title]', 'never saved');
  await a.click('#todos-3 button[phx-click=cancel]');
  await waitItem(a, 3, (el) => el?.querySelector('.title')?.textContent === 'write tests', 'cancel to restore the title');

  // Delete in B: gone from both.
  await b.bringToFront();
  await b.click('#todos-1 .delete');
  for (const p of [a, b]) {
    await waitInPage(p, () => !document.querySelector('#todos-1'), null, { message: 'the deleted todo to disappear' });
  }
  for (const p of [a, b]) {
    assert.deepEqual((await shown(p)).map((t) => [t.id, t.title]), [['todos-2', 'walk the dog'], ['todos-3', 'write tests']]);
  }

  // A tab opened now (another browser) mounts with the current list.
  const c = await openLive(await s.newContext(), s.demo, '/todos');
  assert.deepEqual((await shown(c)).map((t) => [t.id, t.title, t.done]), [['todos-2', 'walk the dog', false], ['todos-3', 'write tests', false]]);

  for (const p of [a, b, c]) {
    await assertMatchesServer(p, s.demo);
    assertHealthy(p);
  }
});

test('an empty title adds nothing', async () => {
  const page = await openLive(await s.newContext(), s.demo, '/todos');
  const before = await count(page, '#todos > *');
  await add(page, '');
  await add(page, 'after the empty one');
  await waitInPage(page, () => [...document.querySelectorAll('#todos .title')].some((t) => t.textContent === 'after the empty one'), null, {
    message: 'the todo added after an empty submit',
  });
  assert.equal(await count(page, '#todos > *'), before + 1);
  assert.equal(await text(page, '#todos > :last-child .title'), 'after the empty one');
  assertHealthy(page);
});
