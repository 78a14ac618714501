/**
 * Exit codes of the `kscenario` command (stable; documented in `kscenario --help`):
 * - 0  every scenario passed (or, for `validate`, every file is valid)
 * - 1  an expectation failed or an invariant was violated
 * - 2  invalid input: a diagnostic in a scenario or manifest, a missing file, a usage error,
 *      or an I/O error (unreadable file, trace file that cannot be written)
 * - 70 an internal error: a bug in kscenario, or a run that exceeded the engine's event budget
 *      or virtual-time horizon (a model loop); EX_SOFTWARE from sysexits.h
 */
export const EXIT_PASS = 0;
export const EXIT_FAIL = 1;
export const EXIT_INVALID = 2;
export const EXIT_INTERNAL = 70;
