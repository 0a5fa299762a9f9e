import type { WorkerDeploymentVersion } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { NativeConnection } from '@temporalio/worker';
import type { Connection } from '@temporalio/client';
import type { PromotionPolicy } from '../config/worker';

/**
 * Worker Deployment plumbing over the WorkflowService (the same calls as
 * `temporal worker deployment describe | set-current-version`). See docs/versioning.md.
 */

type Service = Pick<NativeConnection | Connection, 'workflowService'>;

/** gRPC NOT_FOUND and FAILED_PRECONDITION: the deployment or version is not known yet. */
const NOT_YET = new Set([5, 9]);
/** Worth another try when setting the current version: not known yet, or ABORTED (a concurrent change). */
const RETRY = new Set([...NOT_YET, 10]);

/** A version as `deployment/buildId`, for logs and messages. */
export function versionLabel(v: WorkerDeploymentVersion): string {
  return `${v.deploymentName}/${v.buildId}`;
}

/** The deployment's current version, or undefined when it has none (or does not exist yet). */
export async function currentVersion(
  connection: Service,
  namespace: string,
  deploymentName: string,
): Promise<WorkerDeploymentVersion | undefined> {
  try {
    const { workerDeploymentInfo } = await connection.workflowService.describeWorkerDeployment({ namespace, deploymentName });
    const current = workerDeploymentInfo?.routingConfig?.currentDeploymentVersion;
    return current?.buildId ? { deploymentName: current.deploymentName ?? deploymentName, buildId: current.buildId } : undefined;
  } catch (err) {
    if (NOT_YET.has((err as { code?: number }).code ?? -1)) return undefined;
    throw err;
  }
}

/**
 * Makes `version` its deployment's current version: new executions start on it, auto-upgrade
 * ones move to it at their next task, pinned ones stay where they are. The server knows a version
 * once one of its workers has polled, so this retries for up to `timeoutMs` while it does not.
 */
export async function setCurrentVersion(
  connection: Service,
  namespace: string,
  version: WorkerDeploymentVersion,
  identity: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await connection.workflowService.setWorkerDeploymentCurrentVersion({
        namespace,
        deploymentName: version.deploymentName,
        buildId: version.buildId,
        identity,
      });
      return;
    } catch (err) {
      // Another worker of the same version (the cluster runs two) may have made it current first.
      if ((await currentVersion(connection, namespace, version.deploymentName).catch(() => undefined))?.buildId === version.buildId) return;
      if (!RETRY.has((err as { code?: number }).code ?? -1) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 300));
    }
  }
}

/**
 * Applies the promotion policy for a worker that has started polling: `always` makes it current,
 * `if-none` only when the deployment has no current version, `never` does nothing. Returns the
 * deployment's current version afterwards and whether this call changed it.
 */
export async function promote(
  connection: Service,
  namespace: string,
  version: WorkerDeploymentVersion,
  policy: PromotionPolicy,
  identity: string,
): Promise<{ current?: WorkerDeploymentVersion; changed: boolean }> {
  const before = await currentVersion(connection, namespace, version.deploymentName);
  const mine = before?.buildId === version.buildId;
  if (policy === 'never' || mine || (policy === 'if-none' && before)) return { ...(before ? { current: before } : {}), changed: false };
  await setCurrentVersion(connection, namespace, version, identity);
  return { current: version, changed: true };
}

/** The drainage status of a version: `draining` while pinned executions are open on it, then `drained`. */
export async function drainageStatus(
  connection: Service,
  namespace: string,
  version: WorkerDeploymentVersion,
): Promise<'unspecified' | 'draining' | 'drained'> {
  const { workerDeploymentVersionInfo } = await connection.workflowService.describeWorkerDeploymentVersion({
    namespace,
    deploymentVersion: version,
  });
  const status = workerDeploymentVersionInfo?.drainageInfo?.status;
  if (status === temporal.api.enums.v1.VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINING) return 'draining';
  if (status === temporal.api.enums.v1.VersionDrainageStatus.VERSION_DRAINAGE_STATUS_DRAINED) return 'drained';
  return 'unspecified';
}
