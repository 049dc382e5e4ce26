// Stands in for @napi-rs/keyring in the single-file executables (scripts/build-binaries.mjs maps the package here).
// The executable carries the platform's keyring addon as the SEA asset 'keyring.node'. A native addon can only be
// loaded from a file, so it is written once to a private cache folder and loaded with process.dlopen:
//   <cache>/octo-cli/native/keyring-<sha256 prefix>.node
// where <cache>/octo-cli is the user's cache folder of octo-cli (bin/cache-folder.cjs: $XDG_CACHE_HOME or ~/.cache,
// %LOCALAPPDATA% on Windows, the rule the CLI's code cache follows), else the temp folder (octo-cli-<uid>).
// The folder must be a real folder (no link) owned by this user with no access for others (0700; made so); the file
// is named by its content hash and its bytes are compared before every load, so a replaced file is rewritten, never
// loaded. It is written to a temp name and renamed into place, so concurrent first runs never see half a file.
// Any failure throws: the token stores treat it as an unreachable keychain (the file store with --insecure-storage).
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createHash, randomBytes } = require('node:crypto');
const { cacheFolder } = require('../../bin/cache-folder.cjs');

function cacheRoots() {
  const roots = [];
  const own = cacheFolder('native');
  if (own) roots.push(own);
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  roots.push(path.join(os.tmpdir(), `octo-cli-${uid}`, 'native'));
  return roots;
}

/** The folder, made if missing; refused unless it is a real folder of ours that others cannot enter. */
function privateDir(dir) {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const st = fs.lstatSync(dir);
  if (!st.isDirectory()) throw new Error(`${dir} is not a folder`);
  if (process.platform !== 'win32') {
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) throw new Error(`${dir} belongs to another user`);
    if ((st.mode & 0o077) !== 0) fs.chmodSync(dir, 0o700);
    const parent = path.dirname(dir);
    if (path.basename(parent).startsWith('octo-cli-')) {
      // <tmp>/octo-cli-<uid>: also ours and private (a shared temp folder lets others create it first).
      const p = fs.lstatSync(parent);
      if (!p.isDirectory() || (typeof process.getuid === 'function' && p.uid !== process.getuid())) throw new Error(`${parent} is not a private folder of this user`);
      if ((p.mode & 0o077) !== 0) fs.chmodSync(parent, 0o700);
    }
  }
  return dir;
}

function sameBytes(file, bytes) {
  try {
    const st = fs.lstatSync(file);
    return st.isFile() && st.size === bytes.length && fs.readFileSync(file).equals(bytes);
  } catch {
    return false;
  }
}

function addonFile(bytes) {
  const name = `keyring-${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.node`;
  const failures = [];
  for (const root of cacheRoots()) {
    try {
      const file = path.join(privateDir(root), name);
      if (sameBytes(file, bytes)) return file;
      const tmp = path.join(root, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      fs.writeFileSync(tmp, bytes, { mode: 0o700, flag: 'wx' });
      try {
        fs.renameSync(tmp, file);
      } catch (err) {
        fs.rmSync(tmp, { force: true });
        if (!sameBytes(file, bytes)) throw err; // e.g. Windows: the file is loaded by another process (same bytes: fine)
      }
      if (sameBytes(file, bytes)) return file;
      throw new Error(`${file} changed while it was written`);
    } catch (err) {
      failures.push(`${root}: ${err.message}`);
    }
  }
  throw new Error(`cannot write the keychain addon to a private cache folder (${failures.join('; ')})`);
}

function load() {
  const sea = require('node:sea');
  if (!sea.isSea()) throw new Error('the keychain addon shim only works inside the octo-cli executable');
  const bytes = Buffer.from(sea.getRawAsset('keyring.node'));
  const file = addonFile(bytes);
  const mod = { exports: {} };
  try {
    process.dlopen(mod, file);
  } catch (err) {
    throw new Error(`the keychain addon (${file}) cannot be loaded: ${err.message}`, { cause: err });
  }
  return mod.exports;
}

module.exports = load();
