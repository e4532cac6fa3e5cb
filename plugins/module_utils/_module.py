# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The module path: run a :class:`ModuleSpec` inside an ``AnsibleModule``.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

``AnsibleModule`` validates the options (types, choices, required, environment
fallbacks, no_log), ``execute`` runs the spec and returns its result or a failed result,
and this adapter hands it back to Ansible. It is the only place in the collection that
calls ``fail_json``.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os

from ansible.module_utils.basic import AnsibleModule, _load_params

from ansible_collections.exotel.trunking.plugins.module_utils._runner import execute, raw_api_url


def _raw_params():
    """The task's arguments as given, before AnsibleModule parses them (None when they cannot be read)."""
    try:
        return _load_params()
    except Exception:  # pylint: disable=broad-except
        return None  # AnsibleModule will report the problem itself


def run_module(spec):
    module = AnsibleModule(argument_spec=spec.argument_spec(raw_api_url(_raw_params(), os.environ)),
                           supports_check_mode=True, **spec.argspec_kwargs)
    result = execute(spec, module.params, check_mode=module.check_mode, diff_mode=module._diff, warn=module.warn)
    if result.pop('failed', False):
        module.fail_json(**result)
    module.exit_json(**result)
