'use strict';
// A 64-permission check-permissions through the npm package, timed beside its JSON crossing
// (bindings/README.md has the figures side by side with Rust and Python):
//   node bindings/npm/bench.js
// The input is the one bindings/npm/examples/boundary_bench.rs and bindings/python/bench.py
// build: a grant of 64 permissions, 32 of them current, the others inside a ceiling of 64.
const kwanus = require('.');

const VERBS = ['read', 'list', 'write', 'create', 'update', 'delete'];
const REGIONS = ['eu', 'us', 'ap', 'sa'];
function perms(n, middle) {
  return Array.from({ length: n }, (_, i) => {
    const verb = VERBS[i % VERBS.length];
    const tenant = Math.floor(i / (VERBS.length * REGIONS.length));
    const region = REGIONS[Math.floor(i / VERBS.length) % REGIONS.length];
    return `${verb}:tenant-${tenant}/${middle}/${region}/*`;
  });
}

// nanoseconds per call: the median of 15 rounds of `iters` calls, after a warm-up
function time(iters, f) {
  for (let i = 0; i < iters; i++) f();
  const rounds = [];
  for (let r = 0; r < 15; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iters; i++) f();
    rounds.push(Number(process.hrtime.bigint() - start) / iters);
  }
  rounds.sort((a, b) => a - b);
  return rounds[7];
}

const grant = perms(64, 'orders');
const input = { current: grant.slice(0, 32), proposed: grant, ceiling: perms(64, '*'), kind: 'api_version', approvals: ['sco'] };
const text = JSON.stringify(input);
const expected = '{"ok":{"allowed":true,"violations":[]}}';
if (kwanus.raw.checkPermissions(text) !== expected) throw new Error('the bench input must be allowed');

const iters = 2000;
let sink;
const raw = time(iters, () => { sink = kwanus.raw.checkPermissions(text); });
const obj = time(iters, () => { sink = kwanus.checkPermissions(input); });
const stringify = time(iters, () => { sink = JSON.stringify(input); });
const parse = time(iters, () => { sink = JSON.parse(expected); });
const echo = time(iters, () => { sink = kwanus.call('nope', text); });
void sink;
const us = (ns) => (ns / 1e3).toFixed(2).padStart(9);
console.log(`wasm (Node ${process.version}), a 64-permission check-permissions, ${text.length} bytes of JSON in:`);
console.log(`  raw.checkPermissions(text) (string in and out)   ${us(raw)} µs`);
console.log(`  checkPermissions(object) (stringify, call, parse) ${us(obj)} µs`);
console.log(`  JSON crossing: JSON.stringify(input)              ${us(stringify)} µs`);
console.log(`  JSON crossing: JSON.parse(output)                 ${us(parse)} µs`);
console.log(`  the input copied in, a short answer out (no op) ${us(echo)} µs`);
