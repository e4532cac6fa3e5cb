# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Whitelisted IPs (ACL entries) of a trunk: validation, identity and writes.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import ipaddress

from ansible_collections.exotel.trunking.plugins.module_utils._module import InputError
from ansible_collections.exotel.trunking.plugins.module_utils._subresource import SubresourceAPI

WHITELISTED_IP_KEYS = ('id', 'ip', 'mask', 'trunk_sid', 'friendly_name', 'date_created', 'date_updated')
MASK_MIN = 16
MASK_MAX = 32


def check_ip(value, option='ip'):
    """Return the canonical dotted-quad form of an IPv4 address, or raise InputError naming the value and the rule."""
    text = value.strip() if isinstance(value, str) else value
    rule = 'it must be a single IPv4 address in dotted-quad form, for example 44.248.146.11'
    if isinstance(text, str) and '/' in text:
        raise InputError('%s %r is a network, not an address: %s; give the prefix length separately in mask '
                         '(for example ip=%s mask=%s)' % (option, value, rule, text.split('/')[0], text.split('/')[1] or 32))
    try:
        address = ipaddress.ip_address(u'%s' % text)
    except ValueError:
        raise InputError('%s %r is not a valid IPv4 address: %s' % (option, value, rule))
    if address.version != 4:
        raise InputError('%s %r is an IPv6 address: Exotel whitelists IPv4 addresses only; %s' % (option, value, rule))
    return str(address)


def check_mask(value, option='mask'):
    if not MASK_MIN <= value <= MASK_MAX:
        raise InputError('%s %r is not valid: Exotel accepts a CIDR prefix length from %d to %d (32 = this address only)'
                         % (option, value, MASK_MIN, MASK_MAX))
    return value


def ip_key(value):
    """Compare addresses as addresses (so a stored form with odd spelling still matches)."""
    try:
        return str(ipaddress.ip_address(u'%s' % str(value).strip()))
    except ValueError:
        return str(value)


class WhitelistedIPAPI(SubresourceAPI):
    collection = 'whitelisted-ips'
    keys = WHITELISTED_IP_KEYS
    result_key = 'whitelisted_ip'
    label = 'whitelisted IP'

    def normalise(self, data):
        result = super(WhitelistedIPAPI, self).normalise(data)
        if result['mask'] is not None:
            try:
                result['mask'] = int(result['mask'])
            except (TypeError, ValueError):
                pass
        return result

    def key_of(self, item):
        return ip_key(item.get('ip'))

    def wanted_key(self):
        return ip_key(self.params['ip'])

    def describe(self):
        return self.wanted_key()

    def create_body(self):
        return {'ip': self.wanted_key(), 'mask': self.params['mask']}

    def predict_create(self):
        return self.normalise(dict(self.create_body(), trunk_sid=self.trunk_sid))

    def update_body(self, current, created):
        if current.get('mask') == self.params['mask']:
            return {}
        # Exotel's PUT wants both fields.
        return {'ip': current['ip'], 'mask': self.params['mask']}
