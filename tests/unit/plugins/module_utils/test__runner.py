# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The execution seam: the per-process request pacing it gives the client."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._runner import _ProcessBudget
from ansible_collections.exotel.trunking.tests.unit.utils import FakeClock


def test_budget_fourth_request_in_window_waits_exactly_the_remaining_window():
    clock = FakeClock()
    budget = _ProcessBudget(3, clock, window=60.0)
    for step in (0, 10, 10):
        clock.now += step
        budget.acquire()
    assert clock.sleeps == []
    clock.now += 5  # 25 s after the first request
    assert budget.acquire() == 35.0
    assert clock.sleeps == [35.0]


def test_budget_does_not_wait_once_the_window_has_passed():
    clock = FakeClock()
    budget = _ProcessBudget(3, clock, window=60.0)
    for dummy in range(3):
        budget.acquire()
    clock.now += 60
    budget.acquire()
    assert clock.sleeps == []


def test_budget_with_zero_limit_never_waits():
    clock = FakeClock()
    budget = _ProcessBudget(0, clock)
    for dummy in range(500):
        budget.acquire()
    assert clock.sleeps == []
