"""The worker list: its pane, forms (new, edit, run) and the track prompt."""
