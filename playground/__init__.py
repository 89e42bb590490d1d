"""Inference Playground: a browser playground for machine-learning inference endpoints."""
