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

{{/* The first region: where the API starts work until requests are routed by region. */}}
{{- define "auditoryx.primaryRegion" -}}
{{- toJson (first .Values.regions) -}}
{{- end -}}

{{/*
Environment of every AuditoryX container: the settings of `config`, Temporal's address and
the region's namespace and task queue, and the secrets by reference (never by value).
(dict "root" $ "region" $region "owner" false)
*/}}
{{- define "auditoryx.env" -}}
{{- $root := .root -}}
{{- $databaseSecret := default $root.Values.secrets.app .region.databaseSecret -}}
- name: ENVIRONMENT
  value: production
{{- range $name, $value := $root.Values.config }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
- name: TEMPORAL_ADDRESS
  value: {{ $root.Values.temporal.address | quote }}
- name: TEMPORAL_NAMESPACE
  value: {{ .region.temporalNamespace | quote }}
- name: TEMPORAL_TASK_QUEUE
  value: {{ .region.taskQueue | quote }}
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
    secretKeyRef: {name: {{ $databaseSecret }}, key: DATABASE_URL}
{{- if .owner }}
- name: MIGRATIONS_DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ .region.databaseSecret | default $root.Values.secrets.migrations }}
      key: MIGRATIONS_DATABASE_URL
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
      import asyncio, os, socket
      from temporalio.api.taskqueue.v1 import TaskQueue
      from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
      from temporalio.client import Client
      async def pollers():
          ns = os.environ["TEMPORAL_NAMESPACE"]
          client = await Client.connect(os.environ["TEMPORAL_ADDRESS"], namespace=ns)
          queue = TaskQueue(name=os.environ["TEMPORAL_TASK_QUEUE"])
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
