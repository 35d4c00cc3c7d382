'use strict';
// Bad input through every function of the package ends in a coded error envelope: never a
// throw, never a crash of the host, and the module answers normally afterwards.
const test = require('node:test');
const assert = require('node:assert/strict');

const kwanus = require('..');

const NAMES = Object.keys(kwanus.OPERATIONS);

function code(text) {
  const out = JSON.parse(text);
  assert.ok(out.error, `no error: ${text.slice(0, 200)}`);
  assert.equal(typeof out.error.message, 'string');
  return out.error.code;
}

function stillWorks() {
  const out = kwanus.diffGrants({ old: ['read:a/*'], new: ['read:a/b/*'] });
  assert.deepStrictEqual(out, { ok: { changes: [{ change: 'narrowed', from: 'read:a/*', to: 'read:a/b/*' }] } });
}

test('malformed JSON is interface.malformed_json, through every function', () => {
  for (const text of ['{', '', '   ', '{} {}', '[1,]', '{"a":1,}', 'nul', '\u0000', '{"current": [}']) {
    for (const name of NAMES) {
      assert.equal(code(kwanus.raw[name](text)), 'interface.malformed_json', `${name} ${JSON.stringify(text)}`);
      assert.equal(kwanus[name](text).error.code, 'interface.malformed_json');
    }
    assert.equal(code(kwanus.call('validate', text)), 'interface.malformed_json');
  }
  stillWorks();
});

test('values that are not strings are interface.invalid_input, not a throw', () => {
  const values = [undefined, null, 42, 1.5, NaN, true, {}, [], () => 1, Symbol('s'), 10n, new Uint8Array(4)];
  for (const v of values) {
    for (const name of NAMES) {
      assert.equal(code(kwanus.raw[name](v)), 'interface.invalid_input', `raw.${name}(${String(v)})`);
    }
    assert.equal(code(kwanus.call('validate', v)), 'interface.invalid_input');
    assert.equal(code(kwanus.call(v, '{}')), 'interface.invalid_input');
  }
  assert.equal(code(kwanus.call()), 'interface.invalid_input');
  stillWorks();
});

test('objects JSON.stringify refuses, or turns into something else, are coded errors', () => {
  const circular = {};
  circular.self = circular;
  for (const v of [circular, { n: 10n }, undefined, () => 1, Symbol('s')]) {
    for (const name of NAMES) {
      const out = kwanus[name](v);
      assert.equal(out.error.code, 'interface.invalid_input', `${name}(${typeof v})`);
    }
  }
  // data of the wrong shape: the interface's own refusals
  assert.equal(kwanus.checkPermissions([]).error.code, 'interface.invalid_input');
  assert.equal(kwanus.checkPermissions(42).error.code, 'interface.invalid_input');
  assert.equal(kwanus.checkPermissions(null).error.code, 'interface.invalid_input');
  // JSON.stringify writes NaN and Infinity as null: a component left out (the README says so)
  assert.deepStrictEqual(kwanus.scoreHealth({ inputs: { stability: Infinity } }), kwanus.scoreHealth({ inputs: {} }));
  assert.equal(kwanus.raw.scoreHealth('{"inputs": {"stability": Infinity}}').includes('interface.malformed_json'), true);
  assert.equal(kwanus.scoreHealth({ inputs: { stability: 200 } }).error.code, 'health.out_of_range');
  assert.equal(kwanus.checkPermissions({ current: ['orders/*'], proposed: [], ceiling: [], kind: 'api_version' }).error.code,
    'permission.missing_colon');
  stillWorks();
});

test('an unknown operation is interface.unknown_operation', () => {
  for (const op of ['', 'nope', 'checkPermissions', 'check-permissions ', 'x'.repeat(100000)]) {
    assert.equal(code(kwanus.call(op, '{}')), 'interface.unknown_operation');
  }
});

test('huge input: a coded answer, and the module goes on', () => {
  // 8 MiB of garbage, and nesting far deeper than the parser allows
  assert.equal(code(kwanus.call('validate', 'x'.repeat(8 << 20))), 'interface.malformed_json');
  assert.equal(code(kwanus.raw.checkPermissions('['.repeat(1 << 20))), 'interface.malformed_json');
  assert.equal(code(kwanus.raw.checkPermissions('{"current":' + '['.repeat(100000))), 'interface.malformed_json');
  // a well-formed grant of 100 000 permissions
  const grant = Array.from({ length: 100000 }, (_, i) => `read:orders/p${i}`);
  const out = kwanus.diffGrants({ old: grant, new: grant.slice(1) });
  assert.deepStrictEqual(out.ok.changes, [{ change: 'removed', permission: 'read:orders/p0' }]);
  // strings of every size around the allocator's pages
  for (const n of [0, 1, 65535, 65536, 65537, 1 << 22]) {
    assert.equal(code(kwanus.raw.scoreHealth(' '.repeat(n) + '{')), 'interface.malformed_json');
  }
  stillWorks();
});

test('unpaired surrogates and non-ASCII text do not break the boundary', () => {
  // a lone surrogate cannot cross into UTF-8: it arrives as U+FFFD, and is refused as a permission
  const out = kwanus.diffGrants({ old: ['read:a/\ud800'], new: [] });
  assert.ok(out.error, JSON.stringify(out));
  const ok = kwanus.call('diff-grants', '{"old": ["read:a/x"], "new": []}');
  assert.deepStrictEqual(JSON.parse(ok), { ok: { changes: [{ change: 'removed', permission: 'read:a/x' }] } });
  assert.ok(code(kwanus.call('diff-grants', '{"old": ["read:ä/ß"], "new": []}')).startsWith('permission.'));
});
