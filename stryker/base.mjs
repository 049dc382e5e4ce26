// Shared StrykerJS settings of the per-area configurations (stryker/<area>.config.mjs); `npm run mutation` runs
// them all (scripts in stryker/run.mjs), `npm run mutation -- argv` one.
export function area(name, { mutate, testFiles, ignorePatterns = [], excludedMutations = [] }) {
  return {
    testRunner: 'vitest',
    vitest: { configFile: 'stryker/vitest.config.mjs', related: false },
    plugins: ['@stryker-mutator/vitest-runner'],
    mutate,
    // Only the in-process tests that exercise the area: spawned end-to-end tests cannot see a mutant, and are slow.
    testFiles,
    coverageAnalysis: 'perTest',
    // The machine has 2 cores and is shared.
    concurrency: Number(process.env.STRYKER_CONCURRENCY ?? 2),
    timeoutMS: 20_000,
    timeoutFactor: 2,
    // Files not copied to the sandbox (build output, reports).
    ignorePatterns: ['dist', 'build', 'coverage', 'reports', ...ignorePatterns],
    // Mutators excluded for an area, each with its reason in the area's configuration.
    mutator: { excludedMutations },
    // Mutants only run while a module loads (constant tables) would need a fresh process each; they are left out.
    ignoreStatic: true,
    tempDirName: '.stryker-tmp',
    incremental: process.env.STRYKER_INCREMENTAL === '1',
    incrementalFile: `reports/stryker-incremental-${name}.json`,
    reporters: ['clear-text', 'progress', 'json', 'html'],
    jsonReporter: { fileName: `reports/mutation/${name}.json` },
    htmlReporter: { fileName: `reports/mutation/${name}.html` },
    clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
    thresholds: { high: 90, low: 80, break: null },
  };
}
