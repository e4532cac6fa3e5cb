# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Shared pieces of the action plugin tests: a spec run in-process, and the same run on the module path.

Import them with::

    from ansible_collections.exotel.trunking.tests.unit.plugins.action.action_helpers import (
        in_process, on_module_path, replay, same_on_both_paths, spec_run_by_main)

* :func:`on_the_controller` is the context that code of the controller (an action plugin) runs in.
* :func:`in_process` runs a spec through ``run_in_process`` under the module's FQCN, as the action plugin does.
* :func:`on_module_path` runs a module's ``main()`` as Ansible would run it on a target: named by its FQCN, and
  with ``invocation`` requested on the ansible-core versions that only add it on request.
* :func:`replay` runs one of them against a fresh strict ``responses`` mock on which ``converse`` registered the
  expected conversation, and returns the result with what was sent (``exotel_conversations.conversation``).
* :func:`same_on_both_paths` replays one conversation on each path and asserts the two results and the two
  conversations are the same (warnings compared as texts, see :func:`comparable`).
* :func:`spec_run_by_main` is the spec object a module's ``main()`` hands to ``run_module``.

A test that replays needs the ``sleeps`` fixture (so that no retry or pacing really waits).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import contextlib
from unittest import mock

import responses

from ansible import constants as C
from ansible.module_utils import _internal as _module_internal

from ansible_collections.exotel.trunking.plugins.plugin_utils._action import run_in_process
from ansible_collections.exotel.trunking.tests.unit.plugins.exotel_conversations import conversation
from ansible_collections.exotel.trunking.tests.unit.utils import run_module, warnings_of

HAS_INJECT_INVOCATION = C.config.get_configuration_definition('INJECT_INVOCATION') is not None
"""ansible-core 2.21 and later add ``invocation`` to a module result only when asked (INJECT_INVOCATION)."""

MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def fqcn(name):
    return 'exotel.trunking.%s' % name


def on_the_controller():
    """A context in which module_utils code knows it runs on the controller, as in Ansible's worker process.

    (The ``module_side`` fixture of tests/unit/plugins/conftest.py sets the opposite for every test.)
    """
    if hasattr(_module_internal, 'is_controller'):
        return mock.patch.object(_module_internal, 'is_controller', True)
    return contextlib.nullcontext()


def in_process(spec, args, check_mode=False, diff=False, invocation=True):
    """``run_in_process`` for ``spec`` under its module's FQCN (what the action plugin passes as the task's action)."""
    with on_the_controller():
        return run_in_process(spec, fqcn(spec.name), args, check_mode, diff, invocation=invocation)


def on_module_path(module, args, check_mode=False, diff=False, invocation=True):
    """``module.main()`` with the internal arguments the controller sends that matter to the result.

    ``invocation=False`` is only possible where ansible-core leaves ``invocation`` out on request (2.21 and later).
    """
    internal = {'_ansible_module_name': fqcn(module.__name__.rsplit('.', 1)[-1])}
    if HAS_INJECT_INVOCATION:
        internal['_ansible_inject_invocation'] = invocation
    elif not invocation:
        raise AssertionError('this ansible-core always adds invocation to a module result')
    return run_module(module, dict(args, **internal), check_mode=check_mode, diff=diff)


def replay(converse, run):
    """``run()`` against a strict replay of the conversation ``converse(mock)`` registers; returns (result, sent)."""
    with responses.RequestsMock(assert_all_requests_are_fired=True) as mock_http:
        if converse is not None:
            converse(mock_http)
        result = run()
        return result, conversation(mock_http.calls)


def comparable(result):
    """A result as the controller reads it.

    A plain dict; ``failed`` present (the controller adds ``failed: false`` to a module result without it, the
    in-process path sets it itself); warnings as texts (2.19+ modules send warning summaries, the controller reads both).
    """
    result = dict(result)
    result.setdefault('failed', False)
    if 'warnings' in result:
        result['warnings'] = warnings_of(result)
    return result


def same_on_both_paths(module, spec, converse, args, check_mode=False, diff=False, invocation=True):
    """Replay ``converse`` on the module path, then in-process; assert the same result and requests.

    Returns ``(in_process_result, module_result, sent)``; ``module_result.stdout`` is the module's raw output.
    """
    by_module, sent_by_module = replay(converse, lambda: on_module_path(module, args, check_mode, diff, invocation))
    by_action, sent_by_action = replay(converse, lambda: in_process(spec, args, check_mode, diff, invocation))
    assert comparable(by_action) == comparable(by_module)
    assert sent_by_action == sent_by_module
    return by_action, by_module, sent_by_action


def spec_run_by_main(module):
    """The spec object ``module.main()`` passes to ``run_module`` (nothing else runs)."""
    with mock.patch.object(module, 'run_module') as run:
        module.main()
    assert run.call_count == 1
    (spec,), kwargs = run.call_args
    assert kwargs == {}
    return spec
