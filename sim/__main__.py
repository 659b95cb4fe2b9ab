"""`python -m sim` runs the salesim command line."""

from sim.cli import main

raise SystemExit(main())
