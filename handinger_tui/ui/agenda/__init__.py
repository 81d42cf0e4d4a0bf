"""The Agenda view (`A`): every schedule of every tracked worker, by next run."""
