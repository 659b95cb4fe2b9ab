"""The classroom: the game served to browsers (`salesim serve`), one session per tab, and the
trainer's cohort page (`salesim cohort`, `/cohort`). Needs the `salesim[classroom]` extra
only for serving; the cohort page is plain Python.
"""
