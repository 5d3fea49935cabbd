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

{{/*
Otterize's network-mapper chart keys (docs/migrating-from-otterize.md). Every template includes
this first: it turns the Otterize spelling into netmapper's keys in .Values (idempotent, once per
render), so the templates read netmapper's keys only. An Otterize key, when set, wins over
netmapper's. Keys of features netmapper does not have are accepted while they leave the feature
off and fail, naming the key, when they turn it on.
*/}}
{{- define "netmapper.otterize" -}}
{{- $v := .Values -}}
{{- $m := $v.AsMap -}}
{{- if ne (include "netmapper.get" (list $m "otterizeKeysApplied")) "true" -}}
{{- $_ := set $v "otterizeKeysApplied" true -}}
{{- $doc := "(see docs/migrating-from-otterize.md)" -}}
{{- /* features netmapper does not have */ -}}
{{- if eq (include "netmapper.get" (list $m "nodeagent" "enable")) "true" }}{{ fail (printf "nodeagent.enable: netmapper has no node agent (Otterize's eBPF agent); remove the key or set it to false %s" $doc) }}{{ end -}}
{{- if eq (include "netmapper.get" (list $m "opentelemetry" "enable")) "true" }}{{ fail (printf "opentelemetry.enable: netmapper exports no OpenTelemetry metrics; scrape each component's /metrics (Prometheus) instead %s" $doc) }}{{ end -}}
{{- if eq (include "netmapper.get" (list $m "global" "openshift")) "true" }}{{ fail (printf "global.openshift: this chart has no OpenShift SecurityContextConstraints; set it to false %s" $doc) }}{{ end -}}
{{- if eq (include "netmapper.get" (list $m "global" "azure" "enabled")) "true" }}{{ fail (printf "global.azure.enabled: netmapper has no Azure visibility; set it to false %s" $doc) }}{{ end -}}
{{- if eq (include "netmapper.get" (list $m "global" "telemetry" "errors" "enabled")) "true" }}{{ fail (printf "global.telemetry.errors.enabled: netmapper sends no error reports; leave it empty or false %s" $doc) }}{{ end -}}
{{- if eq (include "netmapper.get" (list $m "enableInternetFacingTrafficReporting")) "false" }}{{ fail (printf "enableInternetFacingTrafficReporting: netmapper always maps Internet traffic (list shows it apart); leave it true or empty %s" $doc) }}{{ end -}}
{{- range $path := list "apiAddress" "apiExtraCAPEMSecret" "credentials.clientId" "credentials.clientSecret" "credentials.clientSecretKeyRef.secretName" "credentials.clientSecretKeyRef.secretKey" -}}
{{- $node := $m.global.otterizeCloud -}}
{{- range $k := splitList "." $path }}{{ if kindIs "map" $node }}{{ $node = index $node $k }}{{ else }}{{ $node = "" }}{{ end }}{{ end -}}
{{- if and (not (kindIs "map" $node)) (ne (toString ($node | default "")) "") }}{{ fail (printf "global.otterizeCloud.%s: netmapper does not connect to Otterize Cloud; leave it empty %s" $path $doc) }}{{ end -}}
{{- end -}}
{{- range $key := list "serviceNameOverrideAnnotationName" "workloadNameOverrideAnnotationName" -}}
{{- $name := include "netmapper.get" (list $m "global" $key) -}}
{{- if not (has $name (list "" "intents.otterize.com/service-name" "intents.otterize.com/workload-name" "netmapper.io/workload-name")) }}{{ fail (printf "global.%s: the mapper reads the annotations netmapper.io/workload-name and intents.otterize.com/workload-name only; annotate workloads with one of them instead of %s %s" $key $name $doc) }}{{ end -}}
{{- end -}}
{{- /* aliases */ -}}
{{- if eq (include "netmapper.get" (list $m "debug")) "true" }}
{{- $_ := set $v.mapper "logLevel" "DEBUG" }}{{ $_ := set $v.sniffer "logLevel" "DEBUG" }}{{ $_ := set $v.aws.visibility "logLevel" "DEBUG" }}
{{- end -}}
{{- $istio := include "netmapper.get" (list $m "enableIstioCollection") -}}
{{- if $istio }}{{ $_ := set $v.istio "enabled" (eq $istio "true") }}{{ end -}}
{{- $all := include "netmapper.get" (list $m "allowGetAllResources") -}}
{{- with include "netmapper.get" (list $m "global" "allowGetAllResources") }}{{ $all = . }}{{ end -}}
{{- if $all }}{{ $_ := set $v.mapper "allowGetAllResources" (eq $all "true") }}{{ end -}}
{{- $telemetry := $v.global.telemetry | default dict -}}
{{- $_ := set $v.global "telemetry" $telemetry -}}
{{- if not (kindIs "bool" $telemetry.enabled) }}{{ $_ := set $telemetry "enabled" true }}{{ end -}}
{{- with include "netmapper.get" (list $telemetry "usage" "enabled") }}{{ $_ := set $telemetry "enabled" (eq . "true") }}{{ end -}}
{{- $exclude := concat ($v.global.excludeNamespaces | default list) ($v.mapper.excludeNamespaces | default list) | uniq -}}
{{- $_ := set $v.global "excludeNamespaces" $exclude -}}
{{- with $v.sniffer.healthProbesPort }}{{ $_ := set $v.sniffer "healthPort" (int .) }}{{ end -}}
{{- with $v.kafkawatcher.kafkaReportInterval }}
{{- $_ := set $v.kafkawatcher "config" (merge (dict "reportInterval" (ternary (printf "%ds" (int .)) (toString .) (or (kindIs "float64" .) (kindIs "int" .) (kindIs "int64" .)))) ($v.kafkawatcher.config | default dict)) }}
{{- end -}}
{{- $secrets := $v.global.imagePullSecrets | default list -}}
{{- $gLabels := $v.global.podLabels | default dict -}}
{{- $gAnnotations := $v.global.podAnnotations | default dict -}}
{{- range $c := list (list "mapper" "netmapper/mapper" "network-mapper" true) (list "sniffer" "netmapper/sniffer" "network-mapper-sniffer" false) (list "kafkawatcher" "netmapper/kafka-watcher" "network-mapper-kafka-watcher" true) -}}
{{- $name := index $c 0 -}}
{{- $cv := index $v $name -}}
{{- $img := $cv.image -}}
{{- $repo := "" -}}
{{- if kindIs "map" $img }}{{ $repo = $img.repository }}{{ else }}{{ $repo = index $c 1 }}{{ $img = dict "repository" (index $c 1) "tag" "" "pullPolicy" "IfNotPresent" }}{{ end -}}
{{- $org := dir $repo -}}
{{- $base := base $repo -}}
{{- if and (kindIs "string" $cv.image) (ne $cv.image (index $c 2)) }}{{ $base = $cv.image }}{{ end -}}
{{- with $cv.repository }}{{ if ne . "otterize" }}{{ $org = trimSuffix "/" . }}{{ end }}{{ end -}}
{{- $_ := set $img "repository" (printf "%s/%s" $org $base) -}}
{{- with $cv.tag }}{{ $_ := set $img "tag" (toString .) }}{{ end -}}
{{- with $cv.pullPolicy }}{{ $_ := set $img "pullPolicy" . }}{{ end -}}
{{- $_ := set $cv "image" $img -}}
{{- range $s := (kindIs "string" $cv.pullSecrets | ternary (list $cv.pullSecrets) ($cv.pullSecrets | default list)) }}
{{- if and $s (not (has (dict "name" $s) $secrets)) }}{{ $secrets = append $secrets (dict "name" $s) }}{{ end }}
{{- end -}}
{{- $_ := set $cv "podLabels" (merge (dict) ($cv.podLabels | default dict) $gLabels) -}}
{{- $_ := set $cv "podAnnotations" (merge (dict) ($cv.podAnnotations | default dict) $gAnnotations) -}}
{{- include "netmapper.otterizeSecurity" (dict "key" $name "pod" $cv.podSecurityContext "container" $cv.containerSecurityContext "restricted" (index $c 3)) -}}
{{- end -}}
{{- $_ := set $v.global "imagePullSecrets" $secrets -}}
{{- $_ := set $v.aws.visibility "podLabels" (merge (dict) ($v.aws.visibility.podLabels | default dict) $gLabels) -}}
{{- $_ := set $v.aws.visibility "podAnnotations" (merge (dict) ($v.aws.visibility.podAnnotations | default dict) $gAnnotations) -}}
{{- end -}}
{{- end -}}

{{/* Otterize's security contexts are accepted when they keep what the chart enforces: non-root
     restricted pods (mapper, kafka watcher) as 65532, and a sniffer that only adds NET_RAW and
     SYS_PTRACE (what its own container already has). */}}
{{- define "netmapper.otterizeSecurity" -}}
{{- $doc := "(see docs/migrating-from-otterize.md)" -}}
{{- $pod := .pod | default dict -}}
{{- $c := .container | default dict -}}
{{- if .restricted -}}
{{- if eq (toString (get $pod "runAsNonRoot")) "false" }}{{ fail (printf "%s.podSecurityContext.runAsNonRoot: the %s runs as non-root (restricted pod security); remove it or set it to true %s" .key .key $doc) }}{{ end -}}
{{- if eq (toString (get $c "runAsNonRoot")) "false" }}{{ fail (printf "%s.containerSecurityContext.runAsNonRoot: the %s runs as non-root (restricted pod security); remove it or set it to true %s" .key .key $doc) }}{{ end -}}
{{- range $k := list "runAsUser" "runAsGroup" "fsGroup" -}}
{{- range $where, $ctx := dict "podSecurityContext" $pod "containerSecurityContext" $c -}}
{{- with get $ctx $k }}{{ if ne (int .) 65532 }}{{ fail (printf "%s.%s.%s: netmapper's images run as 65532, got %v %s" $.key $where $k . $doc) }}{{ end }}{{ end -}}
{{- end -}}
{{- end -}}
{{- with (get $c "capabilities" | default dict).add }}{{ fail (printf "%s.containerSecurityContext.capabilities.add: the %s needs no capabilities (restricted pod security) %s" $.key $.key $doc) }}{{ end -}}
{{- else -}}
{{- range $cap := (get $c "capabilities" | default dict).add }}{{ if not (has $cap (list "NET_RAW" "SYS_PTRACE")) }}{{ fail (printf "%s.containerSecurityContext.capabilities.add: %s is not needed by the sniffer (it has NET_RAW and SYS_PTRACE; DAC_READ_SEARCH via sniffer.attributeNonRootProcesses) %s" $.key $cap $doc) }}{{ end }}{{ end -}}
{{- end -}}
{{- if eq (toString (get $c "privileged")) "true" }}{{ fail (printf "%s.containerSecurityContext.privileged: netmapper's pods are never privileged; remove it or set it to false %s" .key $doc) }}{{ end -}}
{{- if eq (toString (get $c "allowPrivilegeEscalation")) "true" }}{{ fail (printf "%s.containerSecurityContext.allowPrivilegeEscalation: netmapper's pods never allow it; remove it or set it to false %s" .key $doc) }}{{ end -}}
{{- if eq (toString (get $c "readOnlyRootFilesystem")) "false" }}{{ fail (printf "%s.containerSecurityContext.readOnlyRootFilesystem: netmapper's containers have a read-only root file system; remove it or set it to true %s" .key $doc) }}{{ end -}}
{{- end -}}

{{/* A value by path as a string ("" when absent or null): (list $map "global" "openshift") */}}
{{- define "netmapper.get" -}}
{{- $node := first . -}}
{{- range $k := rest . }}{{ if kindIs "map" $node }}{{ $node = index $node $k }}{{ else }}{{ $node = "" }}{{ end }}{{ end -}}
{{- if not (kindIs "invalid" $node) }}{{ toString $node }}{{ end -}}
{{- end -}}
