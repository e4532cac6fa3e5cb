# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exotel's trunk-settings endpoints (such as ``trunk_external_alias``).

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Settings are keyed by name: a batch POST creates or replaces them (an upsert), and
DELETE takes the name as a query parameter.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

from ansible_collections.exotel.trunking.plugins.module_utils._api import CollectionAPI
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelOutcomeUnknownError

SETTING_FIELDS = ('name', 'value', 'trunk_sid', 'date_created', 'date_updated')

SettingWant = namedtuple('SettingWant', ['name', 'value'])
SettingWant.__doc__ = """A setting as wanted."""


class SettingAPI(CollectionAPI):
    collection = 'settings'
    fields = SETTING_FIELDS

    def normalise(self, data):
        result = super(SettingAPI, self).normalise(data)
        if result['value'] is not None:
            result['value'] = str(result['value'])
        return result

    def set(self, trunk_sid, want):
        """Batch ``POST .../settings`` with one item; Exotel creates or replaces the setting."""
        path = self.path(trunk_sid)
        items = self.client.write_batch(path, {'settings': [{'name': want.name, 'value': want.value}]})
        for item in items:
            if isinstance(item, dict) and item.get('name') == want.name:
                return self.normalise(item)
        # A success that does not show the item: the write probably happened; let the caller re-read.
        raise ExotelOutcomeUnknownError('POST %s: the answer does not include setting %s; it may or may not have been applied'
                                        % (path, want.name), method='POST', path=path)

    def delete(self, trunk_sid, item_id):
        """``DELETE .../settings?name=``: a setting's id is its name."""
        return self.normalise(self.client.write('DELETE', self.path(trunk_sid), params={'name': item_id}))
