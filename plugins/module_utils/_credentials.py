# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""SIP digest credentials of a trunk: validation, identity and writes.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel never returns a password, so a password change cannot be detected: with
``update_password=always`` every run that has a password sends it (and reports a
change); with ``on_create`` it is sent only when the credential is created. No
message, result or diff built here ever contains the password.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.exotel.trunking.plugins.module_utils._module import InputError
from ansible_collections.exotel.trunking.plugins.module_utils._subresource import SubresourceAPI

CREDENTIAL_KEYS = ('id', 'user_name', 'friendly_name', 'trunk_sid', 'date_created', 'date_updated')
NAME_RE = re.compile(r'^[A-Za-z0-9_]+$')
USER_NAME_MAX = 32
FRIENDLY_NAME_MAX = 32
PASSWORD_MIN = 8
PASSWORD_MARK = '(sent; Exotel never returns passwords)'


def check_user_name(value, option='user_name'):
    if not isinstance(value, str) or not 1 <= len(value) <= USER_NAME_MAX or not NAME_RE.fullmatch(value):
        raise InputError('%s %r is not valid: use 1 to %d characters, each a letter, digit or _' % (option, value, USER_NAME_MAX))
    return value


def check_friendly_name(value, option='friendly_name'):
    if value and (len(value) > FRIENDLY_NAME_MAX or not NAME_RE.fullmatch(value)):
        raise InputError('%s %r is not valid: Exotel accepts at most %d characters, each a letter, digit or _ (no hyphens or spaces)'
                         % (option, value, FRIENDLY_NAME_MAX))
    return value


def check_password(value, option='password'):
    """Never echoes the value, not even in part."""
    if len(value) < PASSWORD_MIN or not NAME_RE.fullmatch(value):
        raise InputError('%s is not valid (value not shown): Exotel accepts %d or more characters, each a letter, digit or _; '
                         'hyphens and other symbols are refused' % (option, PASSWORD_MIN))
    return value


def _name(value):
    """Exotel's ``null`` and an empty friendly name mean the same thing."""
    return value or None


class CredentialAPI(SubresourceAPI):
    collection = 'credentials'
    keys = CREDENTIAL_KEYS
    result_key = 'credential'
    label = 'credential'

    def key_of(self, item):
        return item.get('user_name')

    def wanted_key(self):
        return self.params['user_name']

    def create_problem(self):
        if not self.params.get('password'):
            return ('user_name %r: no such credential on trunk %s, and password is required to create one'
                    % (self.params['user_name'], self.trunk_sid))
        return None

    def create_body(self):
        body = {'user_name': self.params['user_name'], 'password': self.params['password']}
        if self.params['friendly_name'] is not None:
            body['friendly_name'] = self.params['friendly_name']
        return body

    def predict_create(self):
        return dict(id=None, user_name=self.params['user_name'], friendly_name=_name(self.params['friendly_name']),
                    trunk_sid=self.trunk_sid, date_created=None, date_updated=None)

    def update_body(self, current, created):
        if created:
            return {}
        body = {}
        friendly_name = self.params['friendly_name']
        if friendly_name is not None and _name(friendly_name) != _name(current.get('friendly_name')):
            body['friendly_name'] = friendly_name
        if self.params.get('password') and self.params['update_password'] == 'always':
            body['password'] = self.params['password']
        return body

    def predict_update(self, current, body):
        result = dict(current)
        if 'friendly_name' in body:
            result['friendly_name'] = _name(body['friendly_name'])
        return result

    def update_done(self, state, body):
        # A password cannot be read back, so a lost answer to a PUT carrying one is resent (the PUT is idempotent).
        if state is None or 'password' in body:
            return False
        return 'friendly_name' not in body or _name(state.get('friendly_name')) == _name(body['friendly_name'])

    def diff_after(self, after, body, created):
        if 'password' in body:
            after['password'] = PASSWORD_MARK
        return after
