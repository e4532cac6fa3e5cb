# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exotel's whitelisted-IP (ACL) endpoints of a trunk.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

from ansible_collections.exotel.trunking.plugins.module_utils._api import CollectionAPI

WHITELISTED_IP_FIELDS = ('id', 'ip', 'mask', 'trunk_sid', 'friendly_name', 'date_created', 'date_updated')

WhitelistedIPWant = namedtuple('WhitelistedIPWant', ['ip', 'mask'])
WhitelistedIPWant.__doc__ = """An ACL entry as wanted: a canonical IPv4 address and its prefix length."""


class WhitelistedIPAPI(CollectionAPI):
    collection = 'whitelisted-ips'
    fields = WHITELISTED_IP_FIELDS

    def normalise(self, data):
        result = super(WhitelistedIPAPI, self).normalise(data)
        if result['mask'] is not None:
            try:
                result['mask'] = int(result['mask'])
            except (TypeError, ValueError):
                pass
        return result

    def create(self, trunk_sid, want):
        return self.normalise(self.client.write('POST', self.path(trunk_sid), body={'ip': want.ip, 'mask': want.mask}))

    def set_mask(self, trunk_sid, item, mask):
        """Exotel's PUT wants both fields."""
        return self.put(trunk_sid, item['id'], {'ip': item['ip'], 'mask': mask})
