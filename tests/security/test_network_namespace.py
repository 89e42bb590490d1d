"""Runs tests/security/netns inside a network namespace of their own (`unshare --net`), where
loopback carries public-looking addresses: attacks that need a host on the public internet
(a Space anyone can create, a redirector, a rebinding name) without leaving this machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ADDRESSES = ("1.2.3.4", "5.6.7.8", "9.9.9.9", "169.254.169.254")


def _namespace_script() -> str:
    setup = ["ip link set lo up", *(f"ip addr add {a}/32 dev lo" for a in ADDRESSES)]
    pytest_command = f"exec {sys.executable} -m pytest tests/security/netns -p no:cacheprovider -q"
    return " && ".join([*setup, pytest_command])


@pytest.mark.slow
def test_attacks_that_need_public_addresses() -> None:
    if os.geteuid() != 0:
        pytest.skip("a network namespace needs root (CI runs as root)")
    if not (shutil.which("unshare") and shutil.which("ip")):
        pytest.fail("unshare (util-linux) and ip (iproute2) are needed: scripts/install dev")
    env = {**os.environ, "PLAYGROUND_IN_NETNS": "1"}
    done = subprocess.run(
        ["unshare", "--net", "sh", "-c", _namespace_script()],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = (done.stdout + done.stderr)[-8000:]
    assert done.returncode == 0, report
    assert " passed" in report and "skipped" not in report, report
