"""The selected worker's output, full screen (key `o`)."""
