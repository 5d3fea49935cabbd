{{/* Name prefix of every object: netmapper unless fullnameOverride says otherwise. */}}
{{- define "netmapper.fullname" -}}
{{- default "netmapper" .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- end -}}

{{/* Name of a component's objects: (dict "root" $ "component" "mapper") -> netmapper-mapper */}}
{{- define "netmapper.componentName" -}}
{{- printf "%s-%s" (include "netmapper.fullname" .root) .component -}}
{{- end -}}

{{/* Labels that select a component's pods. */}}
{{- define "netmapper.selectorLabels" -}}
app.kubernetes.io/name: netmapper
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Labels of every object of a component. */}}
{{- define "netmapper.labels" -}}
{{ include "netmapper.selectorLabels" . }}
app.kubernetes.io/part-of: netmapper
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- with .root.Values.global.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* metadata of a component's object: name, namespace (namespaced objects), labels, annotations.
     (dict "root" $ "component" "mapper" "namespaced" true "annotations" (dict ...)); "name" replaces
     the component's name for a second object of the same kind (the AWS visibility CA Secret). */}}
{{- define "netmapper.metadata" -}}
metadata:
  name: {{ .name | default (include "netmapper.componentName" .) }}
  {{- if .namespaced }}
  namespace: {{ .root.Release.Namespace }}
  {{- end }}
  labels:
    {{- include "netmapper.labels" . | nindent 4 }}
  {{- $annotations := merge (dict) (.annotations | default dict) (.root.Values.global.commonAnnotations | default dict) }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* Image reference of a component: (dict "root" $ "image" .Values.mapper.image) */}}
{{- define "netmapper.image" -}}
{{- $repo := .image.repository -}}
{{- with .root.Values.global.imageRegistry }}{{ $repo = printf "%s/%s" (trimSuffix "/" .) $repo }}{{ end -}}
{{- printf "%s:%s" $repo (.image.tag | default .root.Chart.AppVersion) -}}
{{- end -}}

{{/* The mapper's in-cluster gRPC address, as the reporters need it. */}}
{{- define "netmapper.mapperAddress" -}}
{{- printf "%s.%s:%d" (include "netmapper.componentName" (dict "root" . "component" "mapper")) .Release.Namespace (int .Values.mapper.port) -}}
{{- end -}}

{{/* A setting's environment variable: ipGracePeriod -> NETMAPPER_IP_GRACE_PERIOD */}}
{{- define "netmapper.envName" -}}
{{- printf "NETMAPPER_%s" (snakecase . | upper) -}}
{{- end -}}

{{/* A setting's value as an env value: lists comma-joined, whole numbers without exponent
     (YAML numbers are float64 in templates: 4194304 would print as 4.194304e+06). */}}
{{- define "netmapper.settingValue" -}}
{{- if kindIs "slice" . -}}
{{- join "," . | quote -}}
{{- else if and (kindIs "float64" .) (eq . (floor .)) -}}
{{- int64 . | toString | quote -}}
{{- else -}}
{{- toString . | quote -}}
{{- end -}}
{{- end -}}

{{/* env entries of a component's `config` map (values quoted, empty ones left out). */}}
{{- define "netmapper.configEnv" -}}
{{- range $key, $value := . }}
{{- if not (kindIs "invalid" $value) }}
{{- if ne (toString $value) "" }}
- name: {{ include "netmapper.envName" $key }}
  value: {{ include "netmapper.settingValue" $value }}
{{- end }}
{{- end }}
{{- end }}
{{- end -}}

{{/* env entries every JVM component shares. (dict "root" $ "values" .Values.mapper "telemetry" true) */}}
{{- define "netmapper.commonEnv" -}}
{{- if .telemetry }}
- name: NETMAPPER_TELEMETRY_ENABLED
  value: {{ .root.Values.global.telemetry.enabled | toString | quote }}
{{- with .root.Values.global.telemetry.endpoint }}
- name: NETMAPPER_TELEMETRY_ENDPOINT
  value: {{ . | quote }}
{{- end }}
{{- end }}
{{- with .values.jvmOptions }}
- name: JAVA_TOOL_OPTIONS
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* Pod-level security context of the restricted pods (mapper, kafka watcher). */}}
{{- define "netmapper.restrictedPodSecurityContext" -}}
runAsNonRoot: true
runAsUser: 65532
runAsGroup: 65532
fsGroup: 65532
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Container security context of the restricted pods. */}}
{{- define "netmapper.restrictedContainerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop:
    - ALL
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* Scheduling and pull settings of a component's pod spec: (dict "root" $ "values" .Values.mapper) */}}
{{- define "netmapper.podScheduling" -}}
{{- with .root.Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . | quote }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Pod template metadata: selector + common + pod labels, pod annotations. */}}
{{- define "netmapper.podMetadata" -}}
metadata:
  labels:
    {{- include "netmapper.labels" . | nindent 4 }}
    {{- with .values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  {{- $annotations := merge (dict) (.values.podAnnotations | default dict) (.root.Values.global.commonAnnotations | default dict) }}
  {{- with $annotations }}
  annotations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end -}}

{{/* The Secret holding AWS visibility's CA: aws.visibility.caSecretName or <prefix>-aws-visibility-ca. */}}
{{- define "netmapper.awsCaSecretName" -}}
{{- .Values.aws.visibility.caSecretName | default (printf "%s-ca" (include "netmapper.componentName" (dict "root" . "component" "aws-visibility"))) -}}
{{- end -}}

{{/* The trust-bundle ConfigMap in opted-in pods' namespaces: aws.visibility.caBundleConfigMap or <prefix>-aws-ca-bundle. */}}
{{- define "netmapper.awsCaBundleConfigMap" -}}
{{- .Values.aws.visibility.caBundleConfigMap | default (include "netmapper.componentName" (dict "root" . "component" "aws-ca-bundle")) -}}
{{- end -}}
