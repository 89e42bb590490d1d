"""The Gradio app: the target bar, one tab per task, the inspector."""
