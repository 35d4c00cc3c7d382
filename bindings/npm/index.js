'use strict';
// The npm package kwanus-migration: the checks of the Rust crate kwanus-migration, compiled
// to WebAssembly, for Node. One function per operation takes the input as an object (or as
// JSON text) and returns the interface's envelope as an object, `{ ok: … }` or
// `{ error: { code, message } }`; it never throws. `raw` holds the same functions string in,
// string out (no JSON.stringify or JSON.parse on this side), and `call(operation, input)` is
// the interface itself. The types are in index.d.ts, generated from the JSON Schemas.
const wasm = require('./pkg/kwanus_wasm.js');

/** The operations: the JavaScript name of each, and the interface's. */
const OPERATIONS = Object.freeze({
  checkPermissions: 'check-permissions',
  diffGrants: 'diff-grants',
  diffContracts: 'diff-contracts',
  checkRelease: 'check-release',
  validate: 'validate',
  scoreHealth: 'score-health',
  verifyRecord: 'verify-record',
  summarizeRecord: 'summarize-record',
});

function envelope(code, message) {
  return JSON.stringify({ error: { code, message } });
}

// The interface never panics (its corpus and property tests pin it); were it to, the trap
// reaches JavaScript as a RuntimeError, answered here as an error envelope, not a throw.
function guarded(fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (e) {
      return envelope('interface.internal', `the WebAssembly module failed: ${e && e.message}`);
    }
  };
}

const raw = { call: guarded(wasm.call) };
const api = {};
for (const name of Object.keys(OPERATIONS)) {
  raw[name] = guarded(wasm[name]);
  api[name] = (input) => {
    let text = input;
    if (typeof input !== 'string') {
      try {
        text = JSON.stringify(input);
      } catch (e) {
        return JSON.parse(envelope('interface.invalid_input',
          `invalid input at \`.\`: JSON.stringify refused it: ${e && e.message}`));
      }
    }
    return JSON.parse(raw[name](text));
  };
}

module.exports = {
  ...api,
  call: raw.call,
  raw: Object.freeze(raw),
  OPERATIONS,
  version: wasm.version(),
};
