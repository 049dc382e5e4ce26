// The user's own cache folder of octo-cli, one rule for every part that keeps files there: bin/octo-cli.js (V8's code
// cache of the CLI bundle, <folder>/compile-cache) and the single-file executable's keychain addon
// (scripts/sea/keyring.cjs, <folder>/native). <folder> is
//   $XDG_CACHE_HOME/octo-cli   when XDG_CACHE_HOME is an absolute path (the XDG rule: a relative one is ignored),
//   ~/.cache/octo-cli          otherwise,
//   %LOCALAPPDATA%\octo-cli    on Windows (else <home>\AppData\Local\octo-cli);
// undefined when there is no home folder to put it in.
'use strict';
const path = require('node:path');

function homedir() {
  try {
    return require('node:os').homedir() || undefined;
  } catch {
    return undefined; // no home folder (e.g. a uid without a passwd entry and no HOME)
  }
}

/** `<cache folder>/octo-cli/<sub>`, or undefined. */
function cacheFolder(sub, env = process.env) {
  let base;
  if (process.platform === 'win32') {
    const home = env.LOCALAPPDATA ? undefined : homedir();
    base = env.LOCALAPPDATA || (home && path.join(home, 'AppData', 'Local'));
  } else {
    const xdg = env.XDG_CACHE_HOME;
    const home = xdg && path.isAbsolute(xdg) ? undefined : homedir();
    base = xdg && path.isAbsolute(xdg) ? xdg : home && path.join(home, '.cache');
  }
  return base ? path.join(base, 'octo-cli', sub) : undefined;
}

module.exports = { cacheFolder };
