# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Test helper (controller side, no module fork): drive the emulator's control API in one task.

Available to every target that depends on setup_emulator (a role's action_plugins), and to the
script targets through setup_reliability/lib.sh (ANSIBLE_ACTION_PLUGINS).

Options, applied in this order (each optional):
  control        the control URL, http(s)://127.0.0.1:PORT/_emulator (required)
  clear_faults   true: DELETE /faults
  config         dict: POST /config (the reply is NOT returned: it holds the account token)
  seed           dict: POST /seed; the reply is returned as ``seeded``
  faults         list: POST /faults
  read_wire      true: GET /requests, then DELETE /requests -> ``wire`` (the API requests since the last read)
                 and ``wire_writes`` (the POST/PUT/DELETE among them). Request bodies are dropped (the log
                 keeps a SIP credential's password as sent); ``wire_bodies`` true keeps them.
  read_state     true: GET /state -> ``state``
  read_faults    true: GET /faults -> ``faults_left``
  after_config   dict: POST /config after the reads (to restore a changed config)

Certificates are not verified (the TLS emulator uses a self-signed one).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import ssl

from urllib.request import Request, urlopen

from ansible.errors import AnsibleError
from ansible.plugins.action import ActionBase

WIRE_KEYS = ('seq', 'method', 'path', 'query', 'raw_uri', 'status', 'fault', 'headers')


def _call(control, method, sub, body=None):
    data = None if body is None else json.dumps(body).encode('utf-8')
    request = Request(control.rstrip('/') + sub, data=data, method=method, headers={'Content-Type': 'application/json'})
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    try:
        with urlopen(request, timeout=30, context=context) as response:  # nosec - loopback test emulator
            return json.loads(response.read().decode('utf-8') or 'null')
    except Exception as exc:  # pylint: disable=broad-except
        raise AnsibleError('emulator control call %s %s failed: %s' % (method, sub, exc))


class ActionModule(ActionBase):
    TRANSFERS_FILES = False
    _requires_connection = False

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = self._task.args
        control = args.get('control')
        if not control:
            raise AnsibleError('exotel_emulator: control is required')
        if args.get('clear_faults'):
            _call(control, 'DELETE', '/faults')
        if args.get('config'):
            _call(control, 'POST', '/config', args['config'])
        if args.get('seed'):
            result['seeded'] = _call(control, 'POST', '/seed', args['seed'])
        if args.get('faults'):
            _call(control, 'POST', '/faults', {'faults': args['faults']})
        if args.get('read_wire'):
            entries = (_call(control, 'GET', '/requests') or {}).get('requests', [])
            _call(control, 'DELETE', '/requests')
            keys = WIRE_KEYS + (('body',) if args.get('wire_bodies') else ())
            wire = [dict((k, e.get(k)) for k in keys) for e in entries]
            result['wire'] = wire
            result['wire_writes'] = [e for e in wire if e['method'] != 'GET']
        if args.get('read_state'):
            result['state'] = _call(control, 'GET', '/state')
        if args.get('read_faults'):
            result['faults_left'] = (_call(control, 'GET', '/faults') or {}).get('faults', [])
        if args.get('after_config'):
            _call(control, 'POST', '/config', args['after_config'])
        result['changed'] = False
        return result
