{{/*
Egress to object storage outside the cluster (Cloudflare R2) over HTTPS: TCP 443 to any address but the excluded
ranges (R2 publishes no fixed addresses, so the rule cannot be narrower than "the internet"; the private and
link-local ranges stay closed, so it opens the internet, not the cluster). Pass the list of CIDRs to exclude
(objectStorage.exceptCidrs). Written once for every chart that reaches object storage
(charts-src/templates/partials/object-storage-egress.tpl.peb).
*/}}
{{- define "neotool-service.objectStorageEgress" -}}
- to:
    - ipBlock:
        cidr: 0.0.0.0/0
        {{- with . }}
        except:
          {{- toYaml . | nindent 10 }}
        {{- end }}
  ports:
    - protocol: TCP
      port: 443
{{- end }}
