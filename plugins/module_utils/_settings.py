# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Trunk settings (such as ``trunk_external_alias``): validate, read, normalise, compare, write.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

from ansible_collections.exotel.trunking.plugins.module_utils._api import ExotelForbiddenError, ExotelNotFoundError, ExotelOutcomeUnknownError
from ansible_collections.exotel.trunking.plugins.module_utils._module import InputError, TrunkNotFound, check_e164

SETTING_KEYS = ('name', 'value', 'trunk_sid', 'date_created', 'date_updated')
SETTING_NAME_RE = re.compile(r'^[a-z0-9_]{1,64}$')

# Settings whose value has a known format, and the validator for it.
E164_SETTINGS = frozenset(['trunk_external_alias'])


def normalise(data):
    """A setting as the modules return and compare it: fixed keys, None when absent, value as a string."""
    result = dict((key, data.get(key)) for key in SETTING_KEYS)
    if result['value'] is not None:
        result['value'] = str(result['value'])
    return result


def check_setting_name(value, option='name'):
    if not isinstance(value, str) or not SETTING_NAME_RE.fullmatch(value):
        raise InputError("%s %r is not a valid setting name: use 1 to 64 lower-case letters, digits or '_' "
                         "(for example trunk_external_alias)" % (option, value))
    return value


def check_setting_value(name, value, option='value'):
    """Validate ``value`` for setting ``name``; the caller has validated ``name``."""
    if value is None:
        raise InputError('%s is required when state=present (setting %s)' % (option, name))
    if not isinstance(value, str) or value == '':
        raise InputError('%s %r is not valid: setting %s needs a non-empty string' % (option, value, name))
    if name in E164_SETTINGS:
        check_e164(value, option)
    return value


class SettingAPI:
    """Exotel's trunk-settings endpoints for one client."""

    def __init__(self, client):
        self.client = client

    def _collection(self, trunk_sid):
        return self.client.account_path('trunks', trunk_sid, 'settings')

    def list(self, trunk_sid):
        """Every setting of the trunk (all pages), normalised. Raises TrunkNotFound."""
        try:
            return [normalise(item) for item in self.client.get_list(self._collection(trunk_sid))]
        except (ExotelNotFoundError, ExotelForbiddenError):
            raise TrunkNotFound(trunk_sid)

    def find(self, trunk_sid, name):
        """The setting called ``name`` on the trunk, or None. Raises TrunkNotFound."""
        for setting in self.list(trunk_sid):
            if setting['name'] == name:
                return setting
        return None

    def set(self, trunk_sid, name, value):
        """Batch ``POST .../settings`` with one item; Exotel creates or replaces the setting (an upsert)."""
        items = self.client.write_batch(self._collection(trunk_sid), {'settings': [{'name': name, 'value': value}]})
        for item in items:
            if isinstance(item, dict) and item.get('name') == name:
                return normalise(item)
        # A success that does not show the item: the write probably happened; let the caller re-read.
        raise ExotelOutcomeUnknownError('POST %s: the answer does not include setting %s; it may or may not have been applied'
                                        % (self._collection(trunk_sid), name), method='POST', path=self._collection(trunk_sid))

    def delete(self, trunk_sid, name):
        return normalise(self.client.write('DELETE', self._collection(trunk_sid), params={'name': name}))
