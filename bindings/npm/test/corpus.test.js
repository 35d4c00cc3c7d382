'use strict';
// The conformance corpus (conformance/<operation>/*.json) through the npm package: every
// case's output equal, as parsed JSON, to the case's, exactly as tests/conformance.rs
// compares it (an `expected` output whole; an `expected_error` by its code, the error
// holding a string message and nothing else). Each case runs through the raw string call,
// the operation's raw function and the object wrapper, which must all agree.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const kwanus = require('..');

const ROOT = path.join(__dirname, '..', '..', '..', 'conformance');

function corpus() {
  const cases = [];
  for (const dir of fs.readdirSync(ROOT).sort()) {
    const full = path.join(ROOT, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const file of fs.readdirSync(full).sort()) {
      if (!file.endsWith('.json')) continue;
      cases.push([`${dir}/${file}`, JSON.parse(fs.readFileSync(path.join(full, file), 'utf8'))]);
    }
  }
  return cases;
}

function inputOf(c) {
  if ('input' in c && !('input_text' in c)) return JSON.stringify(c.input);
  if ('input_text' in c && !('input' in c) && typeof c.input_text === 'string') return c.input_text;
  throw new Error('a case has `input` or `input_text`');
}

function check(name, c, out) {
  const keys = Object.keys(out);
  assert.equal(keys.length, 1, `${name}: one key in the envelope: ${JSON.stringify(out)}`);
  if ('expected' in c) {
    assert.ok(!('expected_error' in c), `${name}: expected or expected_error, one`);
    assert.deepStrictEqual(out, c.expected, name);
  } else {
    assert.ok(out.error, `${name}: no error: ${JSON.stringify(out)}`);
    assert.equal(out.error.code, c.expected_error, name);
    assert.equal(typeof out.error.message, 'string', name);
    assert.deepStrictEqual(Object.keys(out.error).sort(), ['code', 'message'], name);
  }
  // the status the Rust runner reads from `respond`: bad input is always an error envelope,
  // an accepted case always an `ok`
  if (c.status === 'bad_input') assert.ok(out.error, `${name}: bad input without an error`);
  if (c.status === 'accepted') assert.ok('ok' in out, `${name}: accepted without ok`);
}

const byOperation = Object.fromEntries(Object.entries(kwanus.OPERATIONS).map(([js, op]) => [op, js]));
const cases = corpus();

test('the corpus is there, and covers every operation', () => {
  assert.ok(cases.length >= 40, `only ${cases.length} cases`);
  for (const op of Object.values(kwanus.OPERATIONS)) {
    assert.ok(cases.some(([, c]) => c.operation === op), `${op}: no case`);
  }
});

for (const [name, c] of cases) {
  test(name, () => {
    const input = inputOf(c);
    const text = kwanus.call(c.operation, input);
    const out = JSON.parse(text);
    check(name, c, out);
    const js = byOperation[c.operation];
    if (js) {
      assert.equal(kwanus.raw[js](input), text, `${name}: raw.${js} and call differ`);
      const obj = 'input' in c ? kwanus[js](c.input) : kwanus[js](input);
      assert.deepStrictEqual(obj, out, `${name}: ${js}() and call differ`);
    }
  });
}
