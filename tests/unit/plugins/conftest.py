# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared fixtures for the unit tests (helpers that are not fixtures live in tests/unit/utils.py).

* ``sleeps``: every sleep (client retries, Retry-After, pacing, the engines' reconcile) returns at once
  and is recorded; the fixture value is the list of requested delays in seconds.
* ``rsps``: a ``responses.RequestsMock(assert_all_requests_are_fired=True)``; every registered
  response must be used, and any unregistered request raises ConnectionError inside the client.
  Check ``len(rsps.calls)`` to prove no extra call happened. It also activates ``sleeps``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import responses

from ansible_collections.exotel.trunking.plugins.module_utils import _clock


@pytest.fixture
def sleeps(monkeypatch):
    """Make every sleep instant and record it: returns the list of delays (float seconds), in call order.

    Every wait of the collection (retries, Retry-After, pacing, reconcile) goes through the one
    clock, ``_clock.SYSTEM_CLOCK``, so one patch covers them all.
    """
    recorded = []
    monkeypatch.setattr(_clock.SYSTEM_CLOCK, 'sleep', recorded.append)
    return recorded


@pytest.fixture
def rsps(sleeps):  # pylint: disable=redefined-outer-name,unused-argument
    """Strict HTTP replay: unused registrations fail the test; unregistered requests fail in the client."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
