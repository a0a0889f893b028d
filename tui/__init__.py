"""Tandem's app and CLI.

Start-up creates a great many long-lived objects (Textual, rich, sqlite-utils and the
models imported; the first screen's widgets and styles) and few cycles: at Python's
default thresholds the collector runs ~170 times before Home's first frame, ~60 ms of a
start. A larger first generation lets it run a handful of times instead
(``make bench``, "tui: start to Home painted").
"""

from __future__ import annotations

import gc

gc.set_threshold(20_000, 20, 50)
