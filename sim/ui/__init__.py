"""The Textual front end of salesim: the only package that imports `textual`.

Build the app with `sim.ui.app.make_app(...)`; screens, dialogs and widgets live in their
own sub-packages, and `sim.ui.describe` turns engine state into literal (never markup) text.
"""
