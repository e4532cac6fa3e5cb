# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared fixtures for the unit tests (helpers that are not fixtures live in tests/unit/utils.py).

* ``sleeps``: every sleep of the client (retries, Retry-After, pacing) and of ``ExotelModule.reconcile``
  returns at once and is recorded; the fixture value is the list of requested delays in seconds.
* ``rsps``: a ``responses.RequestsMock(assert_all_requests_are_fired=True)``; every registered
  response must be used, and any unregistered request raises ConnectionError inside the client.
  Check ``len(rsps.calls)`` to prove no extra call happened. It also activates ``sleeps``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest
import responses

from ansible_collections.exotel.trunking.plugins.module_utils import _api

API_SLEEP = 'ansible_collections.exotel.trunking.plugins.module_utils._api.time.sleep'
MODULE_SLEEP = 'ansible_collections.exotel.trunking.plugins.module_utils._module.time.sleep'


@pytest.fixture
def sleeps(monkeypatch):
    """Make sleeps instant and record them: returns the list of delays (float seconds), in call order."""
    recorded = []

    def fake_sleep(seconds):
        recorded.append(seconds)

    monkeypatch.setattr(API_SLEEP, fake_sleep)
    monkeypatch.setattr(MODULE_SLEEP, fake_sleep)

    # ExotelClient(sleep=time.sleep) binds the real time.sleep as a default argument when the
    # class is defined, so patching time.sleep alone does not reach it: inject the fake explicitly.
    original = _api.ExotelClient

    class RecordingClient(original):
        def __init__(self, *args, **kwargs):
            kwargs.setdefault('sleep', fake_sleep)
            super(RecordingClient, self).__init__(*args, **kwargs)

    monkeypatch.setattr(_api, 'ExotelClient', RecordingClient)
    return recorded


@pytest.fixture
def rsps(sleeps):  # pylint: disable=redefined-outer-name,unused-argument
    """Strict HTTP replay: unused registrations fail the test; unregistered requests fail in the client."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock:
        yield mock
