# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The trunk engine: the account's trunks, identified by name.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel offers no look-up by name, so reading means listing every page of ``/trunks``
(names are unique per account). A trunk's NSO code can be updated in place; its domain
cannot, so a differing domain fails before any write.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api_trunks import TRUNK_FIELDS, TrunkWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import Engine
from ansible_collections.exotel.trunking.plugins.module_utils._errors import TaskFailure
from ansible_collections.exotel.trunking.plugins.module_utils._validators import DOMAIN_SUFFIX

DEFAULT_NSO_CODE = 'ANY-ANY'


def default_domain(account_sid):
    """The documented domain of every trunk of an account."""
    return '%s%s' % (account_sid, DOMAIN_SUFFIX)


def same_domain(left, right):
    """Host names compare case-insensitively."""
    return (left or '').lower() == (right or '').lower()


class TrunkEngine(Engine):
    """Trunks of the account (the parent is always None). ``TrunkWant.nso_code`` None leaves the NSO code alone."""

    kind = 'trunk'
    label = 'trunk'

    def __init__(self, api, ctx, account_sid):
        super(TrunkEngine, self).__init__(api, ctx)
        self.account_sid = account_sid

    def key(self, item):
        return item['trunk_name']

    def want_key(self, want):
        return want.trunk_name

    def what(self, action, key):
        return {'create': 'the trunk creation', 'update': 'the NSO code change', 'delete': 'the trunk deletion'}[action]

    def view(self, item):
        return dict(trunk_name=item['trunk_name'], nso_code=item['nso_code'], domain_name=item['domain_name'])

    def identity(self, item):
        return item['trunk_sid']

    def read(self, parent=None):
        return self.api.list()

    def creatable(self, want):
        """``want`` with the defaults a new trunk gets (NSO code ``ANY-ANY``, the account's domain)."""
        return TrunkWant(want.trunk_name, want.nso_code or DEFAULT_NSO_CODE,
                         want.domain_name if want.domain_name is not None else default_domain(self.account_sid))

    def plan_update(self, item, want, created=False):
        if want.domain_name is not None and not same_domain(item['domain_name'], want.domain_name):
            raise TaskFailure('trunk %s exists with domain_name %s, not %s; Exotel cannot change the domain of an existing trunk, '
                              'so delete the trunk (state=absent) and create it again, or set domain_name to %s'
                              % (item['trunk_name'], item['domain_name'], want.domain_name, item['domain_name']), trunk=item)
        if want.nso_code is not None and item['nso_code'] != want.nso_code:
            return {'nso_code': want.nso_code}
        return {}

    def predict_create(self, parent, want):
        predicted = dict((field, None) for field in TRUNK_FIELDS)
        full = self.creatable(want)
        predicted.update(trunk_name=full.trunk_name, nso_code=full.nso_code, domain_name=full.domain_name)
        return predicted

    def write_create(self, parent, want):
        return self.api.create(self.creatable(want))

    def write_update(self, parent, item, body):
        return self.api.update(item['trunk_sid'], body)

    def write_delete(self, parent, item):
        return self.api.delete(item['trunk_sid'])
