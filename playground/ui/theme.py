"""The app's look: a built-in theme (local fonts, no downloads) and a little CSS."""

from __future__ import annotations

import gradio as gr

__all__ = ["CSS", "THEME"]

THEME = gr.themes.Soft(primary_hue="indigo", neutral_hue="slate")

CSS = """
#header h1 { margin-bottom: 0.2em; }
#target-bar { margin-bottom: 0.8em; }
.task-description p { margin: 0.2em 0 0.6em; color: var(--body-text-color-subdued); }
.destination p { margin: 0 0 0.4em; font-size: var(--text-sm); overflow-wrap: anywhere; }
.status-error { background: #fef2f2; color: #991b1b; border: 1px solid #fecaca;
                border-radius: 8px; padding: 0.6em 0.8em; }
.status-ok { color: #166534; font-size: 0.9em; }
.status-running { color: #92400e; }
/* An output with no value shows nothing (not an empty box or a "1 2 3" table). */
.task-output:has(.empty[aria-label="Empty value"]),
.task-output:has(.table-container.no-rows) { display: none !important; }
/* Table headers break between words only; a table wider than its column scrolls sideways. */
th.header-cell .header-content, th.header-cell .header-content span {
  white-space: nowrap !important; word-break: keep-all !important;
  overflow-wrap: normal !important; }
#header-row { align-items: end; }
/* The Tasks overview: groups in columns, each task a clickable row. */
.overview-summary { margin: 0.2em 0 0.8em; }
.overview-groups { display: grid; gap: 0.8em 1.2em;
                   grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); }
.overview-group h3 { margin: 0 0 0.3em; font-size: 1em; font-weight: 600; }
.task-row { display: grid; grid-template-columns: 1.4em 1fr; column-gap: 0.4em; width: 100%;
            text-align: left; padding: 0.35em 0.5em; margin: 0 0 0.25em; cursor: pointer;
            border: 1px solid var(--border-color-primary); border-radius: 6px;
            background: var(--background-fill-primary); color: var(--body-text-color);
            font: inherit; }
.task-row:hover, .task-row:focus-visible { border-color: var(--color-accent);
            background: var(--background-fill-secondary); }
.task-icon { grid-row: span 3; font-weight: 700; }
.task-title { font-weight: 600; }
.task-model { font-family: var(--font-mono); font-size: 0.8em; overflow-wrap: anywhere; }
.task-note { font-size: 0.8em; color: var(--body-text-color-subdued); overflow-wrap: anywhere; }
.state-ready .task-icon { color: #15803d; }
.state-missing .task-icon { color: #b91c1c; }
.state-token .task-icon { color: #b45309; }
.state-none .task-icon, .state-depends .task-icon { color: var(--body-text-color-subdued); }
"""
