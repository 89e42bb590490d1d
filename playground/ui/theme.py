"""The app's look: a built-in theme (local fonts, no downloads) and a little CSS."""

from __future__ import annotations

import gradio as gr

__all__ = ["CSS", "THEME"]

THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate")

CSS = """
#header h1 { margin-bottom: 0.2em; }
#target-bar { margin-bottom: 0.8em; }
.task-description p { margin: 0.2em 0 0.6em; color: var(--body-text-color-subdued); }
.status-error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca;
                border-radius: 8px; padding: 0.6em 0.8em; }
.status-ok { color: #166534; font-size: 0.9em; }
.status-running { color: #92400e; }
"""
