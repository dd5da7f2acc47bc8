#!/bin/sh
# Render the templates (the same ones the tests use) with the container's environment, then run Janus.
set -eu
export CONFIGS_FOLDER=/etc/janus-classroom
export LIB_FOLDER="$(dirname "$(ls -d /usr/lib/*/janus/plugins | head -n1)")"
export DEBUG_LEVEL="${DEBUG_LEVEL:-4}" SERVER_NAME="${SERVER_NAME:-classroom-janus}"
export HTTP_IP="${HTTP_IP:-0.0.0.0}" HTTP_PORT="${HTTP_PORT:-8088}"
export ADMIN_IP="${ADMIN_IP:-0.0.0.0}" ADMIN_PORT="${ADMIN_PORT:-7088}"
export RTP_PORT_RANGE="${RTP_PORT_RANGE:-20000-20200}" ICE_ENFORCE_LIST="${ICE_ENFORCE_LIST:-}"
export ALLOW_ORIGIN="${ALLOW_ORIGIN:-*}" EVENTS_ENABLED="${EVENTS_ENABLED:-true}"
# The address browsers reach (Janus advertises it instead of the container's).
export NAT_EXTRA="${JANUS_PUBLIC_IP:+nat_1_1_mapping = \"$JANUS_PUBLIC_IP\"}"
mkdir -p "$CONFIGS_FOLDER"
for template in /templates/*.jcfg; do
    envsubst < "$template" > "$CONFIGS_FOLDER/$(basename "$template")"
done
exec janus -F "$CONFIGS_FOLDER" -C "$CONFIGS_FOLDER/janus.jcfg"
