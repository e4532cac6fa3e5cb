# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Benchmark baseline (tests/benchmarks/inprocess.py): one requests GET in Ansible's worker, nothing else.

Arguments: url, user, password (HTTP Basic). The result has status and failed (not HTTP 200).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import requests  # pylint: disable=import-error

from ansible.plugins.action import ActionBase


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        resp = requests.get(args['url'], auth=(args['user'], args['password']), timeout=30)
        result.update(changed=False, status=resp.status_code, failed=resp.status_code != 200)
        return result
