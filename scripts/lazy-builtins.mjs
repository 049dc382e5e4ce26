// esbuild plugin for the CLI bundles (scripts/build.mjs, scripts/build-binaries.mjs): Node built-ins that our
// sources import at the top of a module but that most commands never call are loaded on first call instead.
// `import { createHash } from 'node:crypto'` in src/ resolves to a small module whose createHash loads node:crypto
// when it is first called. Loading node:crypto costs ~8 ms and node:fs/promises ~3 ms (it pulls in readline) per
// process, paid by every command otherwise; node:dns/promises (Doctor's lookup) pulls in the DNS resolver classes.
//
// Only functions that are not constructors (lower-case names) are forwarded; importing anything else from these
// modules (a class, a constant) fails the build with esbuild's "No matching export", so nothing breaks silently.
import { createRequire } from 'node:module';

const LAZY = ['node:crypto', 'node:fs/promises', 'node:dns/promises'];
const require = createRequire(import.meta.url);

/** `applies(importer)`: whether imports in that file are made lazy (the CLI's sources; not the local service). */
export function lazyBuiltins({ applies }) {
  return {
    name: 'lazy-builtins',
    setup(build) {
      const filter = new RegExp(`^(${LAZY.map((m) => m.replace('/', '\\/')).join('|')})$`);
      build.onResolve({ filter }, (args) => {
        if (args.kind !== 'import-statement' || !applies(args.importer)) return undefined;
        return { path: args.path, namespace: 'lazy-builtin' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => {
        const real = require(args.path);
        const names = Object.keys(real).filter((k) => typeof real[k] === 'function' && /^[a-z]/.test(k));
        const contents = [
          `let m;`,
          `const load = () => (m ??= require(${JSON.stringify(args.path)}));`,
          ...names.map((n) => `export function ${n}(...args) { return load().${n}(...args); }`),
        ].join('\n');
        return { contents, loader: 'js', resolveDir: process.cwd() };
      });
    },
  };
}
