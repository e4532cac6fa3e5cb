# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The credential engine: a trunk's SIP digest credentials, identified by user name.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel never returns a password, so a password change cannot be detected: with
``update_password='always'`` every run that has a password sends it (and reports a
change); with ``'on_create'`` it is sent only when the credential is created. No
message, result or diff built here ever contains the password; a diff shows
:data:`PASSWORD_MARK` where one was sent.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._engine import Engine

PASSWORD_MARK = '(sent; Exotel never returns passwords)'


def same_name(left, right):
    """Exotel's ``null`` and an empty friendly name mean the same thing."""
    return (left or None) == (right or None)


class CredentialEngine(Engine):
    kind = 'credential'
    label = 'credential'

    def __init__(self, api, ctx, update_password='always'):
        super(CredentialEngine, self).__init__(api, ctx)
        self.update_password = update_password

    def key(self, item):
        return item.get('user_name')

    def want_key(self, want):
        return want.user_name

    def view(self, item):
        return dict(user_name=item['user_name'], friendly_name=item['friendly_name'])

    def create_problem(self, parent, want):
        if not want.password:
            return ('user_name %r: no such credential on trunk %s, and password is required to create one'
                    % (want.user_name, parent))
        return None

    def plan_update(self, item, want, created=False):
        if created:
            return {}
        body = {}
        if want.friendly_name is not None and not same_name(want.friendly_name, item.get('friendly_name')):
            body['friendly_name'] = want.friendly_name
        if want.password and self.update_password == 'always':
            body['password'] = want.password
        return body

    def predict_create(self, parent, want):
        return dict(id=None, user_name=want.user_name, friendly_name=want.friendly_name or None,
                    trunk_sid=parent, date_created=None, date_updated=None)

    def predict_update(self, item, body):
        result = dict(item)
        if 'friendly_name' in body:
            result['friendly_name'] = body['friendly_name'] or None
        return result

    def update_done(self, state, body):
        # A password cannot be read back, so a lost answer to a PUT carrying one is resent (the PUT is idempotent).
        if state is None or 'password' in body:
            return False
        return 'friendly_name' not in body or same_name(state.get('friendly_name'), body['friendly_name'])

    def create_sent(self, want):
        return frozenset(['user_name', 'password'])

    def write_update(self, parent, item, body):
        return self.api.update(parent, item, body)

    def diff_view(self, item, sent):
        """The diff side of a credential: the item, plus a placeholder where a password was sent."""
        if item and 'password' in sent:
            return dict(item, password=PASSWORD_MARK)
        return item
