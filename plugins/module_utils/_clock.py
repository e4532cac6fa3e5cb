# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The one clock of the collection: every wait and every time reading goes through it.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

The HTTP client (retries, Retry-After), the request budget and the reconcile loop of
the engines all take a clock object with ``monotonic()``, ``time()`` and ``sleep()``;
:data:`SYSTEM_CLOCK` is the real one. Tests replace it with a fake that records the
waits and returns at once, so no test ever sleeps.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time


class Clock:
    """Real time: ``monotonic()`` for durations, ``time()`` for epoch values sent by servers, ``sleep()``."""

    def monotonic(self):
        return time.monotonic()

    def time(self):
        return time.time()

    def sleep(self, seconds):
        if seconds > 0:
            time.sleep(seconds)


SYSTEM_CLOCK = Clock()
