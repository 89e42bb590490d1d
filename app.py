"""Inference Playground: read settings, build the app, launch it."""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

from playground.ui.launch import main

if __name__ == "__main__":
    main()
