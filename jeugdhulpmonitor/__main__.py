import sys

from jeugdhulpmonitor.cli import main

sys.exit(main())
