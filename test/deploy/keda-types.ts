/**
 * The part of KEDA's CRDs (keda.sh/v1alpha1) that k8s/components/keda uses, from
 * https://keda.sh/docs/latest/reference/scaledobject-spec/ and .../concepts/authentication/.
 * kubernetes-models covers only built-in kinds, so these two are typed here; the deploy tests
 * check the manifests against them with the same excess-property check as the built-in kinds.
 * Kept to the fields we use or may reasonably add: an unknown one should fail, not pass.
 */
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';

type ObjectMeta = NonNullable<IDeployment['metadata']>;

export interface IScaledObject {
  apiVersion: 'keda.sh/v1alpha1';
  kind: 'ScaledObject';
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { name: string; apiVersion?: string; kind?: string; envSourceContainerName?: string };
    pollingInterval?: number;
    cooldownPeriod?: number;
    initialCooldownPeriod?: number;
    idleReplicaCount?: number;
    minReplicaCount?: number;
    maxReplicaCount?: number;
    fallback?: { failureThreshold: number; replicas: number };
    advanced?: {
      restoreToOriginalReplicaCount?: boolean;
      horizontalPodAutoscalerConfig?: { name?: string; behavior?: Record<string, unknown> };
    };
    triggers: Array<{
      type: string;
      name?: string;
      useCachedMetrics?: boolean;
      metricType?: 'AverageValue' | 'Value' | 'Utilization';
      metadata: Record<string, string>;
      authenticationRef?: { name: string; kind?: 'TriggerAuthentication' | 'ClusterTriggerAuthentication' };
    }>;
  };
}

export interface ITriggerAuthentication {
  apiVersion: 'keda.sh/v1alpha1';
  kind: 'TriggerAuthentication';
  metadata: ObjectMeta;
  spec: {
    secretTargetRef?: Array<{ parameter: string; name: string; key: string }>;
    env?: Array<{ parameter: string; name: string; containerName?: string }>;
  };
}

/** The KEDA redis-lists trigger's metadata keys (https://keda.sh/docs/latest/scalers/redis-lists/). */
export const REDIS_LIST_TRIGGER_KEYS = new Set([
  'address', 'addressFromEnv', 'host', 'hostFromEnv', 'port', 'portFromEnv', 'usernameFromEnv', 'passwordFromEnv',
  'listName', 'listLength', 'activationListLength', 'enableTLS', 'unsafeSsl', 'databaseIndex',
]);
