"""Widgets of the desk and the debrief, one per file."""
