#!/usr/bin/env node
/**
 * Entry point of the `kscenario` command (package.json "bin"). All the work is in runCli; this
 * file only connects it to the process, and turns even a failure to load the program into one
 * line and exit code 70 (never a stack trace). Exit codes: see exit-codes.ts.
 */
// Last line of defence: whatever escapes (an error in an event handler, a failed write) is one
// line and exit 70, never a stack trace.
process.on('uncaughtException', (e) => {
  process.stderr.write(`kscenario: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(70);
});

try {
  const { runCli } = await import('./cli.js');
  const { processIo } = await import('./cli-io.js');
  process.exitCode = runCli(process.argv.slice(2), processIo());
} catch (e) {
  process.stderr.write(`kscenario: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exitCode = 70;
}
