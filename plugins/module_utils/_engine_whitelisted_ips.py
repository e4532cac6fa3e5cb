# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The whitelisted-IP engine: a trunk's ACL entries, identified by address; the mask is updated in place.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible_collections.exotel.trunking.plugins.module_utils._engine import Engine
from ansible_collections.exotel.trunking.plugins.module_utils._validators import ip_key


class WhitelistedIPEngine(Engine):
    kind = 'whitelisted_ip'
    label = 'whitelisted IP'

    def key(self, item):
        return ip_key(item.get('ip'))

    def want_key(self, want):
        return ip_key(want.ip)

    def sort_key(self, key):
        try:
            return (0, int(ipaddress.IPv4Address(u'%s' % key)), '')
        except ValueError:
            return (1, 0, key)

    def view(self, item):
        return dict(ip=item['ip'], mask=item['mask'])

    def plan_update(self, item, want, created=False):
        if item.get('mask') == want.mask:
            return {}
        return {'ip': item['ip'], 'mask': want.mask}

    def predict_create(self, parent, want):
        return self.api.normalise(dict(ip=want.ip, mask=want.mask, trunk_sid=parent))

    def write_update(self, parent, item, body):
        return self.api.set_mask(parent, item, body['mask'])
