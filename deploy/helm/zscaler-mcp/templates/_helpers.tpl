{{/* The chart name, overridable. */}}
{{- define "zscaler-mcp.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: <release>-<chart>, or the release name when it holds the chart's. */}}
{{- define "zscaler-mcp.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "zscaler-mcp.selectorLabels" -}}
app.kubernetes.io/name: {{ include "zscaler-mcp.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "zscaler-mcp.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "zscaler-mcp.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "zscaler-mcp.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "zscaler-mcp.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Whether more than one replica may serve: then every replica must answer every request. */}}
{{- define "zscaler-mcp.replicated" -}}
{{- if or .Values.autoscaling.enabled (gt (int .Values.replicaCount) 1) }}true{{ else }}false{{ end }}
{{- end }}

{{/* ZSCALER_MCP_STATELESS: asked for, or forced by more than one replica. */}}
{{- define "zscaler-mcp.stateless" -}}
{{- if or .Values.mcp.stateless (eq (include "zscaler-mcp.replicated" .) "true") }}true{{ else }}false{{ end }}
{{- end }}

{{/* ZSCALER_MCP_ALLOWED_HOSTS: the Service's DNS names, port-forward names, ingress hosts, extras. */}}
{{- define "zscaler-mcp.allowedHosts" -}}
{{- $svc := include "zscaler-mcp.fullname" . }}
{{- $ns := .Release.Namespace }}
{{- $hosts := list $svc (printf "%s.%s" $svc $ns) (printf "%s.%s.svc" $svc $ns) (printf "%s.%s.svc.%s" $svc $ns .Values.clusterDomain) "localhost" "127.0.0.1" }}
{{- if .Values.ingress.enabled }}
{{- range .Values.ingress.hosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- end }}
{{- range .Values.mcp.allowedHosts }}
{{- $hosts = append $hosts . }}
{{- end }}
{{- join "," (uniq $hosts) }}
{{- end }}

{{/* The URL scheme the pod serves. */}}
{{- define "zscaler-mcp.scheme" -}}
{{- if .Values.mcp.tls.secretName }}HTTPS{{ else }}HTTP{{ end }}
{{- end }}
