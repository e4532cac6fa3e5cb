# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The in-process path: run a module's :class:`ModuleSpec` inside Ansible's worker process on the controller.

Note that this plugin util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Every module has an action plugin of the same name, a subclass of :class:`ExotelAction`
that names the module's spec. When the task runs on the controller (``local``
connection, no ``async``, no ``become``, requests importable, not switched off), the
action validates the options with ``ArgumentSpecValidator`` (what ``AnsibleModule``
does), calls the same :func:`execute` seam as the module, and shapes the result as
``AnsibleModule.exit_json`` / ``fail_json`` would (``invocation``, ``warnings``, no_log
values masked, JSON types). Otherwise it executes the module as usual.

The imports are at the top on purpose: the strategy loads the action class in the
main ``ansible-playbook`` process, so every forked worker finds requests and the
collection's code already imported.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.module_utils.basic import remove_values
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.errors import UnsupportedError
from ansible.module_utils.parsing.convert_bool import BOOLEANS_FALSE, BOOLEANS_TRUE
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display
from ansible.utils.vars import merge_hash

from ansible_collections.exotel.trunking.plugins.module_utils._client import HAS_REQUESTS
from ansible_collections.exotel.trunking.plugins.module_utils._runner import execute, raw_api_url, unexpected_failure

display = Display()

SWITCH_VAR = 'exotel_trunking_in_process'
SWITCH_ENV = 'EXOTEL_TRUNKING_IN_PROCESS'
LOCAL_CONNECTIONS = frozenset(['local', 'ansible.builtin.local', 'ansible.legacy.local'])


class SwitchError(AnsibleError):
    """The in-process switch holds something that is not a boolean."""


def _switch_value(value, where):
    """The in-process switch as a bool (None when unset or empty); raises SwitchError naming ``where`` for a non-boolean."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    normalised = value.strip().lower() if isinstance(value, str) else value
    if isinstance(normalised, (str, bool, int, float)):
        if normalised in BOOLEANS_TRUE:
            return True
        if normalised in BOOLEANS_FALSE:
            return False
    raise SwitchError('%s must be a boolean (true or false), got %r' % (where, value))


def module_path_reason(connection_name, async_val, become, requests_available, switch_var, switch_env):
    """Why the module must be executed as a module, or None when it can run in-process.

    ``switch_var`` is the value of the ``exotel_trunking_in_process`` variable, ``switch_env`` the
    controller's ``EXOTEL_TRUNKING_IN_PROCESS`` (either None when unset). Either set to false
    forces the module path.
    """
    if _switch_value(switch_var, 'the variable %s' % SWITCH_VAR) is False:
        return '%s is false' % SWITCH_VAR
    if _switch_value(switch_env, 'the environment variable %s' % SWITCH_ENV) is False:
        return '%s=false in the environment' % SWITCH_ENV
    if connection_name not in LOCAL_CONNECTIONS:
        return 'the connection is %s, not local' % connection_name
    if async_val:
        return 'the task is async'
    if become:
        return 'the task uses become'
    if not requests_available:
        return "the controller's Python cannot import requests"
    return None


def _json_fallback(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    return str(value)


def as_module_result(result):
    """``result`` with the types a module's JSON output would have (tuples become lists, and so on)."""
    return json.loads(json.dumps(result, default=_json_fallback))


class _Environment:
    """The task's ``environment:`` applied to ``os.environ`` for the duration of a ``with`` block."""

    def __init__(self, variables):
        # str() of every value, None included, as the module path's shell prefix exports them
        self.variables = dict((str(k), str(v)) for k, v in variables.items())
        self.saved = {}

    def __enter__(self):
        for key, value in self.variables.items():
            self.saved[key] = os.environ.get(key)
            os.environ[key] = value
        return self

    def __exit__(self, *exc_info):
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        return False


def inject_invocation(task_vars):
    """Whether a module's result would carry ``invocation`` (always before ansible-core 2.21, then INJECT_INVOCATION)."""
    if C.config.get_configuration_definition('INJECT_INVOCATION') is None:
        return True
    return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))


def run_in_process(spec, module_name, args, check_mode, diff_mode, invocation=True):
    """What the module would return for ``args``, computed in this process.

    Validation (types, choices, required, environment fallbacks, no_log), the failure message
    for invalid options, ``invocation``, ``warnings`` and the masking follow ``AnsibleModule``.
    The environment fallbacks read ``os.environ`` (the caller applies the task's environment).
    """
    args = dict(args)
    warnings = []
    argument_spec = spec.argument_spec(raw_api_url(args, os.environ))
    validator = ArgumentSpecValidator(argument_spec, **spec.argspec_kwargs)
    validation = validator.validate(args)
    params = validation.validated_parameters
    no_log_values = validation._no_log_values
    for warning in validation._warnings:
        warnings.append('Both option %s and its alias %s are set.' % (warning['option'], warning['alias']))
    if validation.error_messages:
        msg = validation.errors.msg
        if isinstance(validation.errors[0], UnsupportedError):
            msg = 'Unsupported parameters for (%s) module: %s' % (module_name, msg)
        result = dict(failed=True, msg=msg)
    else:
        result = execute(spec, params, check_mode=check_mode, diff_mode=diff_mode, warn=warnings.append)
        result.setdefault('failed', False)
    if invocation:
        result['invocation'] = dict(module_args=params)
    if warnings:
        result['warnings'] = warnings
    return as_module_result(remove_values(result, no_log_values))


class ExotelAction(ActionBase):
    """Base of every action plugin of the collection; a subclass sets ``SPEC`` to its module's spec."""

    SPEC = None
    TRANSFERS_FILES = False
    _supports_check_mode = True
    _supports_async = True

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars if task_vars is not None else {}
        result = super(ExotelAction, self).run(tmp, task_vars)
        del tmp  # tmp no longer has any effect
        try:
            reason = self._module_path_reason(task_vars)
        except SwitchError as exc:
            result.update(failed=True, msg=str(exc))
            return result
        if reason is None:
            display.vvv('exotel.trunking: %s runs in-process on the controller' % self._task.action)
            return merge_hash(result, self._run_in_process(task_vars))
        display.vvv('exotel.trunking: %s runs as a module (%s)' % (self._task.action, reason))
        return merge_hash(result, self._run_module(task_vars))

    def _module_path_reason(self, task_vars):
        # ansible_name is the plugin's FQCN (ansible.builtin.local for every spelling of local); _load_name is the
        # Python path when the connection was named by its FQCN, so it and transport only serve as fallbacks
        connection = (getattr(self._connection, 'ansible_name', None) or getattr(self._connection, '_load_name', None)
                      or getattr(self._connection, 'transport', None))
        switch_var = task_vars.get(SWITCH_VAR)
        if isinstance(switch_var, str):
            switch_var = self._templar.template(switch_var)
        return module_path_reason(
            connection_name=connection,
            async_val=self._task.async_val,
            become=self._play_context.become,
            requests_available=HAS_REQUESTS,
            switch_var=switch_var,
            switch_env=os.environ.get(SWITCH_ENV),
        )

    def _run_in_process(self, task_vars):
        environment = {}
        self._compute_environment_string(environment)  # templates the task's environment: errors are the user's
        try:
            with _Environment(environment):
                return run_in_process(self.SPEC, self._task.action, self._task.args,
                                      check_mode=bool(self._task.check_mode), diff_mode=bool(self._task.diff),
                                      invocation=inject_invocation(task_vars))
        except Exception as exc:  # pylint: disable=broad-except
            # execute() never raises: only a bug in this adapter gets here.
            return unexpected_failure(self.SPEC.name, exc)

    def _run_module(self, task_vars):
        wrap_async = self._task.async_val
        result = self._execute_module(task_vars=task_vars, wrap_async=wrap_async)
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result
