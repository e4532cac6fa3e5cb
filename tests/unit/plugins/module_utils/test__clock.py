# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The one clock: it delegates to the time module, and never sleeps for nothing. No test here really sleeps."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _clock


@pytest.fixture
def fake_time(monkeypatch):
    """The time module as _clock sees it, answering fixed values and recording sleeps."""
    slept = []
    monkeypatch.setattr(_clock.time, 'monotonic', lambda: 42.5)
    monkeypatch.setattr(_clock.time, 'time', lambda: 1767225600.25)
    monkeypatch.setattr(_clock.time, 'sleep', slept.append)
    return slept


def test_readings_come_from_the_time_module(fake_time):
    clock = _clock.Clock()
    assert clock.monotonic() == 42.5
    assert clock.time() == 1767225600.25


def test_sleep_delegates_positive_waits(fake_time):
    _clock.Clock().sleep(1.5)
    assert fake_time == [1.5]


@pytest.mark.parametrize('seconds', [0, 0.0, -3])
def test_sleep_skips_zero_and_negative_waits(fake_time, seconds):
    _clock.Clock().sleep(seconds)
    assert fake_time == []


def test_system_clock_is_the_one_shared_instance():
    assert isinstance(_clock.SYSTEM_CLOCK, _clock.Clock)
    from ansible_collections.exotel.trunking.plugins.module_utils import _client, _runner
    assert _client.SYSTEM_CLOCK is _clock.SYSTEM_CLOCK
    assert _runner._clock.SYSTEM_CLOCK is _clock.SYSTEM_CLOCK


def test_the_sleeps_fixture_replaces_the_system_clocks_sleep(sleeps, fake_time):
    _clock.SYSTEM_CLOCK.sleep(7)
    assert sleeps == [7] and fake_time == []
