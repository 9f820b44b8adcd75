// web-test-runner: test/web/*.test.ts bundled with esbuild (same alias as the app build), run in Debian's Chromium.
import { writeFileSync } from 'node:fs';
import { defaultReporter } from '@web/test-runner';
import { chromeLauncher } from '@web/test-runner-chrome';
import { build } from 'esbuild';

const outdir = '.cache/web-tests';
const files = (await import('node:fs')).readdirSync('test/web').filter((f) => f.endsWith('.test.ts'));
await build({
  entryPoints: files.map((f) => `test/web/${f}`),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  outdir,
  sourcemap: 'inline',
  alias: { 'simple-peer': 'simple-peer/simplepeer.min.js' },
  logLevel: 'warning',
});

/** Writes `{passed, failed, skipped}` for test/run.ts to sum. */
function summaryReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        for (const child of suite.suites) walk(child);
      };
      for (const session of sessions) {
        if (session.testResults) walk(session.testResults);
        if (!session.passed && (session.errors?.length ?? 0) > 0) counts.failed += session.errors.length;
      }
      if (process.env.DIALOG_WTR_SUMMARY) writeFileSync(process.env.DIALOG_WTR_SUMMARY, JSON.stringify(counts));
    },
  };
}

export default {
  files: files.map((f) => `${outdir}/${f.replace(/\.ts$/, '.js')}`),
  nodeResolve: false,
  concurrency: 1,
  // A busy two-core machine can take a while to load a bundled test file; a slow start is not a failure.
  testsStartTimeout: 60_000,
  browserStartTimeout: 60_000,
  testsFinishTimeout: 120_000,
  testFramework: { config: { timeout: 20_000 } },
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-dev-shm-usage',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-features=WebRtcHideLocalIpsWithMdns',
        ],
      },
    }),
  ],
  reporters: [defaultReporter(), summaryReporter()],
};
