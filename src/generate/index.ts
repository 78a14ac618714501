/** fast-check arbitraries producing scenarios (the loader's `Scenario` type, manifests inline). */
export { intOrPercent, isZero, type IntOrPercent } from './int-or-percent.js';
export { deploymentStrategy, invalidStrategy, type DeploymentStrategy, type RollingUpdateParams } from './deployment-strategy.js';
export { imageBehaviour, healthyImage, neverReadyImage, crashingImage, type GeneratedImage, type ImageKind } from './image-behaviour.js';
export { smallCluster, nodeNames } from './small-cluster.js';
export { deploymentParams, replicaCount, type DeploymentParams } from './deployment-params.js';
export { deploymentManifest, serviceManifest } from './deployment-manifest.js';
export { deploymentAction, deploymentActions, waitSeconds, type DeploymentAction } from './deployment-action.js';
export { renderActions, initialState, imageName, templateKey, rebootGap, type RenderState } from './render-actions.js';
export { convergenceBoundSeconds } from './convergence-bound.js';
export { deploymentScenario, rejectedDeploymentScenario, completeAssertions } from './deployment-scenario.js';
