#!/bin/sh
# A stand-in for the `vault` CLI, for the few commands the JWT key Job runs, over a state directory
# ($VAULT_STATE). Transit's RSA generation is played by real openssl, and the responses have the shape
# Vault's -format=json prints (builtin/logical/transit/path_export.go: PKCS#1 "RSA PRIVATE KEY" for
# signing-key exports; PKIX "PUBLIC KEY" in the key's public_key). Anything else fails loudly.
#
# Server states, as files in the state directory: "unreachable" (no server answers), "uninitialised",
# "sealed" (its content, if a number, is how many more status calls find it sealed); "sealed@<host>"
# seals only the server whose VAULT_ADDR host has <host> as first label (e.g. sealed@vault-0). calls.log
# has one line per call: the server's first label, then the arguments.
set -eu
state="${VAULT_STATE:?}"
host="${VAULT_ADDR#*://}"
host="${host%%[.:]*}"
echo "${host}: $*" >> "${state}/calls.log"
if [ -f "${state}/unreachable" ]; then
  echo "Error checking seal status: Get \"${VAULT_ADDR}/v1/sys/seal-status\": dial tcp: connect: connection refused" >&2
  exit 1
fi
if [ -f "${state}/sealed" ] && [ "$1" = status ]; then
  left=$(cat "${state}/sealed")
  case "${left}" in
    '' ) ;;
    0) rm -f "${state}/sealed" ;;
    *) echo $(( left - 1 )) > "${state}/sealed" ;;
  esac
fi
if [ -f "${state}/uninitialised" ] || [ -f "${state}/sealed" ] || [ -f "${state}/sealed@${host}" ]; then
  if [ "$1" != status ]; then
    echo "Error: Vault is sealed" >&2
    exit 2
  fi
  initialized=true
  [ -f "${state}/uninitialised" ] && initialized=false
  if [ "${2:-}" = "-format=json" ]; then
    printf '{\n  "type": "shamir",\n  "initialized": %s,\n  "sealed": true,\n  "t": 3,\n  "n": 5,\n  "progress": 0,\n  "version": "1.21.1",\n  "storage_type": "raft",\n  "ha_enabled": true\n}\n' "${initialized}"
  else
    printf 'Initialized    %s\nSealed         true\n' "${initialized}"
  fi
  exit 2
fi

json_string() {
  awk '{ printf "%s\\n", $0 }' "$1"
}

case "$1" in
  status)
    exit 0
    ;;
  kv)
    sub="$2"
    shift 2
    mount=""
    field=""
    cas=""
    while [ $# -gt 0 ]; do
      case "$1" in
        -mount=*) mount="${1#-mount=}" ;;
        -field=*) field="${1#-field=}" ;;
        -cas=*) cas="${1#-cas=}" ;;
        *) break ;;
      esac
      shift
    done
    path="$1"
    shift
    dir="${state}/kv/${mount}/${path}"
    case "${sub}" in
      get)
        if [ ! -d "${dir}" ]; then
          echo "No value found at ${mount}/data/${path}" >&2
          exit 2
        fi
        if [ ! -f "${dir}/${field}" ]; then
          echo "Field \"${field}\" not present in secret" >&2
          exit 1
        fi
        cat "${dir}/${field}"
        ;;
      put)
        if [ "${cas}" = "0" ] && [ -d "${dir}" ]; then
          echo "Error writing data to ${mount}/data/${path}: check-and-set parameter did not match the current version" >&2
          exit 2
        fi
        mkdir -p "${dir}"
        for pair in "$@"; do
          name="${pair%%=@*}"
          cp "${pair#*=@}" "${dir}/${name}"
        done
        echo "== Secret Path ==" ; echo "${mount}/data/${path}"
        ;;
      *) echo "stand-in: unsupported kv ${sub}" >&2; exit 1 ;;
    esac
    ;;
  secrets)
    path="${3#-path=}"
    if [ -d "${state}/mounts/${path}" ]; then
      echo "Error enabling: path is already in use at ${path}/" >&2
      exit 2
    fi
    mkdir -p "${state}/mounts/${path}"
    ;;
  write)
    if [ "$2" = "-f" ]; then
      key="${state}/transit-$(basename "$3").pem"
      if [ ! -f "${key}" ]; then
        openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:4096 -out "${key}.pkcs8" 2>/dev/null
        openssl rsa -in "${key}.pkcs8" -traditional -out "${key}" 2>/dev/null
        rm -f "${key}.pkcs8"
      fi
    else
      case "$2" in
        */config) ;;
        *) echo "stand-in: unsupported write $2" >&2; exit 1 ;;
      esac
    fi
    ;;
  read)
    path="$3"
    case "${path}" in
      */export/signing-key/*)
        name=$(echo "${path}" | awk -F/ '{ print $(NF-1) }')
        key="${state}/transit-${name}.pem"
        printf '{\n  "request_id": "stand-in",\n  "lease_id": "",\n  "lease_duration": 0,\n  "renewable": false,\n  "data": {\n    "keys": {\n      "1": "%s"\n    },\n    "name": "%s",\n    "type": "rsa-4096"\n  },\n  "warnings": null\n}\n' \
          "$(json_string "${key}")" "${name}"
        ;;
      */keys/*)
        name=$(basename "${path}")
        key="${state}/transit-${name}.pem"
        [ -f "${key}" ] || { echo "No value found at ${path}" >&2; exit 2; }
        openssl rsa -in "${key}" -pubout -out "${state}/public.tmp" 2>/dev/null
        printf '{\n  "data": {\n    "exportable": true,\n    "keys": {\n      "1": {\n        "certificate_chain": "",\n        "creation_time": "2026-01-01T00:00:00Z",\n        "name": "rsa-4096",\n        "public_key": "%s"\n      }\n    },\n    "name": "%s",\n    "type": "rsa-4096"\n  }\n}\n' \
          "$(json_string "${state}/public.tmp")" "${name}"
        rm -f "${state}/public.tmp"
        ;;
      *) echo "stand-in: unsupported read ${path}" >&2; exit 1 ;;
    esac
    ;;
  delete)
    rm -f "${state}/transit-$(basename "$2").pem"
    ;;
  *)
    echo "stand-in: unsupported command $*" >&2
    exit 1
    ;;
esac
