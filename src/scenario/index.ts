/** Public surface of the scenario language: load, validate, run, write. */
export { loadScenarioText, type LoadOptions, type LoadResult } from './loader.js';
export { loadScenario, readFileOrUndefined } from './load-file.js';
export { runScenario, enabledInvariants, timelineLine, type RunOptions, type RunResult, type RunFailure } from './runner.js';
export { formatDiagnostic, formatDocPath, InputError, type Diagnostic, type DiagnosticCode } from './diagnostic.js';
export type { Scenario, ScenarioDocument, ScenarioSource, Manifest, Step, Assertion, SourcePos } from './types.js';
export { writeScenarioYaml } from './writer.js';
export { STEP_HANDLERS } from './steps/index.js';
export { ASSERTIONS, evaluateAssertion, assertionKind } from './assertions/index.js';
export type { AssertionContext, AssertionEvaluator, AssertionResult } from './assertions/types.js';
export { SCENARIO_SCHEMA } from './schema-check.js';
export { parseTarget, kubectlName, type TargetRef } from './target.js';
export { parseFieldPath, getField } from './field-path.js';
export { StepFailure } from './step-failure.js';
export { clusterOptions } from './cluster-options.js';
