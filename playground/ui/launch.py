"""Command line → settings → app → launch. Placeholder page until the UI lands (issue 3)."""

from __future__ import annotations

import argparse

import gradio as gr


def create_app() -> gr.Blocks:
    with gr.Blocks(title="Inference Playground", analytics_enabled=False) as app:
        gr.Markdown(
            "# Inference Playground\n"
            "The task tabs are being built. Meanwhile the client is usable from Python:\n\n"
            "```python\nfrom playground.client import InferenceClient\n"
            "InferenceClient().text_classification('I love this!')\n```"
        )
    return app


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the Inference Playground.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7860)
    args = parser.parse_args(argv)
    create_app().launch(
        server_name=args.host,
        server_port=args.port,
        run_history=False,
        footer_links=["api", "settings"],
    )
