"""The build makes no network request: `jupyter-book build -W` succeeds with no network at all.

The whole build runs, notebooks executed from a fresh execution cache, into a temporary
output folder, inside a network namespace that has only a loopback interface (`unshare --net`,
as root; the kernels talk to Jupyter over 127.0.0.1). As a second guard, the usual proxy
variables point to 127.0.0.1:9 (discard), so a client that honours them fails at once. Where
no namespace can be made, the proxies are the only guard, and the test says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_BOOK = Path(sys.executable).with_name("jupyter-book")
DEAD_PROXY = "http://127.0.0.1:9"
PROXY_VARIABLES = [
    "http_proxy",
    "https_proxy",
    "ftp_proxy",
    "all_proxy",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "FTP_PROXY",
    "ALL_PROXY",
]
# Inside the new namespace the loopback interface is down: bring it up, then run the command.
IN_EMPTY_NETWORK = ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "isolated"]


def network_namespace_available() -> tuple[bool, str]:
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False, "unshare ou ip absent"
    probe = subprocess.run([*IN_EMPTY_NETWORK, "true"], capture_output=True, text=True)
    if probe.returncode != 0:
        return False, (probe.stderr.strip() or f"code {probe.returncode}")[:200]
    return True, ""


def offline_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
    env.update({name: DEAD_PROXY for name in PROXY_VARIABLES})
    return env


def private_config(tmp_path: Path) -> Path:
    """The book's _config.yml with an empty execution cache, so every notebook runs."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config.setdefault("execute", {})["cache"] = str(tmp_path / "jupyter_cache")
    path = tmp_path / "_config.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_build_without_network(tmp_path):
    isolated, reason = network_namespace_available()
    if isolated:
        print("Construction dans un espace de noms réseau vide (unshare --net), proxys 127.0.0.1:9.")
    else:
        message = f"unshare --net impossible ({reason}) : réseau bloqué par les seules variables de proxy."
        print(message)
        warnings.warn(message, stacklevel=1)
    output = tmp_path / "out"
    command = [
        str(JUPYTER_BOOK),
        "build",
        str(ROOT),
        "--config",
        str(private_config(tmp_path)),
        "--path-output",
        str(output),
        "--warningiserror",
        "--keep-going",
    ]
    if isolated:
        command = IN_EMPTY_NETWORK + command
    result = subprocess.run(command, cwd=ROOT, env=offline_environment(), capture_output=True, text=True, timeout=3600)
    log = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, f"La construction hors réseau échoue (code {result.returncode}) :\n{log}"
    assert (output / "_build" / "html" / "index.html").is_file(), log
