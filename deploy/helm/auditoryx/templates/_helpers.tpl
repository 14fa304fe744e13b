{{/* Names: <release>-auditoryx unless the release name already says auditoryx. */}}
{{- define "auditoryx.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "auditoryx.serviceAccountName" -}}
{{- default (include "auditoryx.fullname" .) .Values.serviceAccount.name -}}
{{- end -}}

{{/* Labels every object carries; selectors use the stable subset below. */}}
{{- define "auditoryx.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{ include "auditoryx.metaLabels" . }}
{{- end -}}

{{/* What a pod template carries besides its selector labels. */}}
{{- define "auditoryx.metaLabels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "api" "region" "") */}}
{{- define "auditoryx.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- with .region }}
auditoryx.io/region: {{ . }}
{{- end }}
{{- with .build }}
auditoryx.io/build: {{ . }}
{{- end }}
{{- end -}}

{{- define "auditoryx.image" -}}
{{- printf "%s:%s" .root.Values.image.repository (default .root.Chart.AppVersion .tag) -}}
{{- end -}}

{{/* DEFAULT_REGION: defaultRegion, else the first region; it must be one of regions. */}}
{{- define "auditoryx.defaultRegion" -}}
{{- $name := default (first .Values.regions).name .Values.defaultRegion -}}
{{- $found := false -}}
{{- range .Values.regions }}{{ if eq .name $name }}{{ $found = true }}{{ end }}{{ end -}}
{{- if not $found }}{{ fail (printf "defaultRegion: %q is not one of regions" $name) }}{{ end -}}
{{- $name -}}
{{- end -}}

{{/* REGION_TASK_QUEUES: each region's task queue, as JSON. */}}
{{- define "auditoryx.regionQueues" -}}
{{- $queues := dict -}}
{{- range .Values.regions }}{{ $_ := set $queues .name .taskQueue }}{{ end -}}
{{- toJson $queues -}}
{{- end -}}

{{/* REGION_NAMESPACES: the Temporal namespace of each region that names its own, as JSON. */}}
{{- define "auditoryx.regionNamespaces" -}}
{{- $namespaces := dict -}}
{{- range $region := .Values.regions }}{{ with $region.temporalNamespace }}{{ $_ := set $namespaces $region.name . }}{{ end }}{{ end -}}
{{- toJson $namespaces -}}
{{- end -}}

{{/*
Environment of every AuditoryX container: the settings of `config`, Temporal's address, its
namespace (TEMPORAL_NAMESPACE) and the regions' own (REGION_NAMESPACES, when a region names
one), the default region's task queue and every region's (REGION_TASK_QUEUES), the
placements and the secrets by reference (never by value); a region's worker also gets
WORKER_REGION (docs/adr/0035-placements-and-regions.md).
(dict "root" $ "region" "eu" "owner" false); region "": every region (the API, the Job).
*/}}
{{- define "auditoryx.env" -}}
{{- $root := .root -}}
{{- $default := include "auditoryx.defaultRegion" $root -}}
{{- $defaultQueue := "" -}}
{{- range $root.Values.regions }}{{ if eq .name $default }}{{ $defaultQueue = .taskQueue }}{{ end }}{{ end -}}
- name: ENVIRONMENT
  value: production
{{- range $name, $value := $root.Values.config }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
- name: TEMPORAL_ADDRESS
  value: {{ $root.Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ $root.Values.temporal.namespace | quote }}
- name: TEMPORAL_TASK_QUEUE
  value: {{ $defaultQueue | quote }}
- name: DEFAULT_REGION
  value: {{ $default | quote }}
- name: REGION_TASK_QUEUES
  value: {{ include "auditoryx.regionQueues" $root | quote }}
{{- $namespaces := include "auditoryx.regionNamespaces" $root }}
{{- if ne $namespaces "{}" }}
- name: REGION_NAMESPACES
  value: {{ $namespaces | quote }}
{{- end }}
{{- with .region }}
- name: WORKER_REGION
  value: {{ . | quote }}
{{- end }}
{{- with $root.Values.secrets.placements }}
- name: PLACEMENTS
  valueFrom:
    secretKeyRef: {name: {{ . }}, key: PLACEMENTS}
{{- end }}
- name: SECRET_KEY
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.app }}, key: SECRET_KEY}
- name: AUDIT_HMAC_KEY
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.app }}, key: AUDIT_HMAC_KEY}
{{- range list "PREVIOUS_SECRET_KEYS" "METRICS_TOKEN" "SMTP_PASSWORD" "OPERATOR_TOKEN" "CODEC_OPERATOR_TOKEN" "MONDAY_SIGNING_SECRET" }}
- name: {{ . }}
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.app }}, key: {{ . }}, optional: true}
{{- end }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.app }}, key: DATABASE_URL}
- name: KEYSTORE_URL
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.app }}, key: KEYSTORE_URL}
{{- if .owner }}
- name: MIGRATIONS_DATABASE_URL
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.migrations }}, key: MIGRATIONS_DATABASE_URL}
- name: KEYSTORE_MIGRATIONS_URL
  valueFrom:
    secretKeyRef: {name: {{ $root.Values.secrets.migrations }}, key: KEYSTORE_MIGRATIONS_URL, optional: true}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by every pod of the chart: (dict "root" $ "hook" false).
A hook's pod (the migrations Job) runs before the chart's ServiceAccount exists on a first
install, so it runs as the namespace's default account; no pod of the chart calls the
Kubernetes API, and none mounts a token. */}}
{{- define "auditoryx.podSpec" -}}
{{- if not .hook }}
serviceAccountName: {{ include "auditoryx.serviceAccountName" .root }}
{{- end }}
automountServiceAccountToken: false
securityContext:
  {{- toYaml .root.Values.podSecurityContext | nindent 2 }}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* The root filesystem is read-only: Python's temporary files (and the template render
processes' spawn) get a small writable /tmp. */}}
{{- define "auditoryx.tmpVolume" -}}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "auditoryx.tmpMount" -}}
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* A query from values rendered for one scaled workload: (dict "query" ... "vars" dict) */}}
{{- define "auditoryx.query" -}}
{{- $query := .query -}}
{{- range $name, $value := .vars -}}
{{- $query = replace (printf "{{ .%s }}" $name) (toString $value) $query -}}
{{- end -}}
{{- $query -}}
{{- end -}}

{{/* The worker's health: this pod's worker polls its task queue (docker-compose.yml's check). */}}
{{- define "auditoryx.pollerProbe" -}}
exec:
  command:
    - python
    - -c
    - |
      import asyncio, socket
      from temporalio.api.taskqueue.v1 import TaskQueue
      from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
      from temporalio.client import Client
      from core.config import Settings
      async def pollers():
          s = Settings()
          region = s.worker_region or s.default_region
          ns = s.namespace_of(region)
          client = await Client.connect(s.temporal_address, namespace=ns)
          queue = TaskQueue(name=s.task_queue_of(region))
          request = DescribeTaskQueueRequest(namespace=ns, task_queue=queue)
          return (await client.workflow_service.describe_task_queue(request)).pollers
      me = "@" + socket.gethostname()
      assert any(p.identity.endswith(me) for p in asyncio.run(pollers())), "not polling"
{{- with .initialDelaySeconds }}
initialDelaySeconds: {{ . }}
{{- end }}
periodSeconds: {{ .periodSeconds }}
timeoutSeconds: {{ .timeoutSeconds }}
failureThreshold: {{ .failureThreshold }}
{{- end -}}
