"""Webhook pane screens: the full details of one delivery."""
