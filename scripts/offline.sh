#!/usr/bin/env bash
# Runs a command with no network at all: inside a new network namespace that has only a
# loopback interface (the Jupyter kernels talk over 127.0.0.1), with every proxy variable
# pointing to 127.0.0.1:9 (discard) as a second guard. Writes _build/.hors-reseau saying
# which guard held, for the site tests to check. Where no namespace can be made (not root,
# no unshare), the proxies are the only guard and the file says so.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p _build
for name in http_proxy https_proxy ftp_proxy all_proxy HTTP_PROXY HTTPS_PROXY FTP_PROXY ALL_PROXY; do
  export "$name=http://127.0.0.1:9"
done
unset no_proxy NO_PROXY
isolate=(unshare --net sh -c 'ip link set lo up && exec "$@"' hors-reseau)
if command -v unshare >/dev/null && command -v ip >/dev/null && "${isolate[@]}" true 2>/dev/null; then
  echo "espace de noms réseau vide (unshare --net) et proxys 127.0.0.1:9" > _build/.hors-reseau
  exec "${isolate[@]}" "$@"
fi
echo "proxys 127.0.0.1:9 seulement (unshare --net impossible ici)" > _build/.hors-reseau
echo "Attention : unshare --net impossible, réseau bloqué par les seules variables de proxy" >&2
exec "$@"
