"""Schedules pane screens: the full details of one schedule."""
