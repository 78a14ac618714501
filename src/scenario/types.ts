/**
 * The loaded scenario value: exactly the document type generated from the schema
 * (generated/scenario.ts) plus, when it came from a file, where each part came from and the
 * parsed manifests of its apply/create/replace steps. fast-check arbitraries produce the same
 * type (without `source`; their manifests are inline).
 */
import type { Scenario as ScenarioDocument, Step, Assertion } from '../../generated/scenario.js';
import type { KubeObject } from '../store/types.js';
import type { DocPath } from './steps/types.js';
import type { SourcePos } from './yaml-source.js';

export type { ScenarioDocument, Step, Assertion, SourcePos };

/** One Kubernetes object from a manifest file or an inline manifest, with its source. */
export interface Manifest {
  readonly object: KubeObject;
  /** File the object is written in (the scenario file for inline manifests). */
  readonly file: string;
  /** Position of a field of the object (path relative to the object; the key when `key`); the nearest existing ancestor when absent. */
  locate(path: DocPath, opts?: { key?: boolean }): SourcePos;
  /** Field path as shown in diagnostics, e.g. `spec.steps[2].apply.metadata.name` or `items[1].spec`. */
  pathString(path: DocPath): string;
}

export interface ScenarioSource {
  readonly file: string;
  /** Manifest paths must resolve inside this directory. */
  readonly root: string;
  /** Position of a path in the scenario document (the key when `key`). */
  locate(path: DocPath, opts?: { key?: boolean }): SourcePos;
  /** Parsed manifests of top-level steps (apply/create/replace), by step index. */
  readonly manifests: ReadonlyMap<number, readonly Manifest[]>;
}

/** A validated scenario: the schema's document type plus its source (absent for generated values). */
export type Scenario = ScenarioDocument & { source?: ScenarioSource };
