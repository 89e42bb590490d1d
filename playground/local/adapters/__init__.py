"""One module per model family. Heavy imports stay inside the loaders."""
