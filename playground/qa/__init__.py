"""Endpoint QA: conformance of replies to their task schemas, suites of saved runs, task-aware
comparison of several targets, repeats and capped load sweeps, stream timelines.

No Gradio here: the UI calls these modules; `python -m playground.qa` runs suites headless.
"""
