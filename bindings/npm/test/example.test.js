'use strict';
// The README's example, run as written: the package installed as node_modules/kwanus-migration
// (a link to this folder) beside the example's file, its output the README's.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const PKG = path.join(__dirname, '..');

function block(readme, lang, after) {
  const start = readme.indexOf('```' + lang + '\n', after);
  assert.ok(start >= 0, `no ${lang} block`);
  const from = start + lang.length + 4;
  const end = readme.indexOf('```', from);
  return [readme.slice(from, end), end];
}

test('the README example runs as written and prints what the README says', () => {
  const readme = fs.readFileSync(path.join(PKG, 'README.md'), 'utf8');
  const [code, end] = block(readme, 'js', readme.indexOf('## Example'));
  const [expected] = block(readme, 'text', end);
  assert.ok(code.trim().split('\n').length <= 5, 'the example is five lines at most');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kwanus-npm-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules'));
    fs.symlinkSync(PKG, path.join(dir, 'node_modules', 'kwanus-migration'), 'dir');
    fs.writeFileSync(path.join(dir, 'example.js'), code);
    const out = execFileSync(process.execPath, ['example.js'], { cwd: dir, encoding: 'utf8' });
    assert.equal(out, expected);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
