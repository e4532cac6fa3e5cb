# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared fixtures for the unit tests (helpers that are not fixtures live in tests/unit/utils.py).

* ``sleeps``: every sleep (client retries, Retry-After, pacing, the engines' reconcile) returns at once
  and is recorded; the fixture value is the list of requested delays in seconds.
* ``module_side`` (autouse): module code sees itself outside the controller, as on a target, even once a test
  module has imported controller code (the action plugins do).
* ``rsps``: a ``responses.RequestsMock(assert_all_requests_are_fired=True)``; every registered
  response must be used, and any unregistered request raises ConnectionError inside the client.
  Check ``len(rsps.calls)`` to prove no extra call happened. It also activates ``sleeps``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import time

import pytest
import responses

from ansible.module_utils import _internal as _module_internal

from ansible_collections.exotel.trunking.plugins.module_utils import _clock


@pytest.fixture(autouse=True)
def budget_dir(monkeypatch, tmp_path):
    """Every test has its own request ledger: none touches the home directory or sees another test's holds."""
    path = tmp_path / 'exotel-budget'
    monkeypatch.setenv('EXOTEL_TRUNKING_BUDGET_DIR', str(path))
    return path


@pytest.fixture(autouse=True)
def module_side(monkeypatch):
    """Run module code as a module process would, whatever else this test process has imported.

    From ansible-core 2.19 on, importing controller code (an action plugin imports ``ansible.plugins.action``) sets
    ``ansible.module_utils._internal.is_controller`` for the whole process, and ``AnsibleModule.warn`` then displays
    warnings instead of returning them in the module result. Tests that run code as the controller does set it back
    for that call (tests/unit/plugins/action/action_helpers.py).
    """
    if hasattr(_module_internal, 'is_controller'):
        monkeypatch.setattr(_module_internal, 'is_controller', False)


@pytest.fixture
def sleeps(monkeypatch):
    """Make every sleep instant and record it: returns the list of delays (float seconds), in call order.

    Every wait of the collection (retries, Retry-After, pacing, reconcile) goes through the one
    clock, ``_clock.SYSTEM_CLOCK``, so one patch covers them all. A sleep moves that clock's
    ``monotonic()`` and ``time()`` on by its length, so a wait "until" a moment (a Retry-After
    hold in the request budget) sees the moment arrive.
    """
    recorded = []
    skipped = [0.0]

    def fake_sleep(seconds):
        recorded.append(seconds)
        skipped[0] += max(seconds, 0.0)

    monkeypatch.setattr(_clock.SYSTEM_CLOCK, 'sleep', fake_sleep)
    monkeypatch.setattr(_clock.SYSTEM_CLOCK, 'monotonic', lambda: time.monotonic() + skipped[0])
    monkeypatch.setattr(_clock.SYSTEM_CLOCK, 'time', lambda: time.time() + skipped[0])
    return recorded


@pytest.fixture
def rsps(sleeps):  # pylint: disable=redefined-outer-name,unused-argument
    """Strict HTTP replay: unused registrations fail the test; unregistered requests fail in the client."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
