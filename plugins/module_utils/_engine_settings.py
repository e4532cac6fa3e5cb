# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The settings engine: a trunk's named settings (such as ``trunk_external_alias``).

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel documents the settings POST as an upsert, so creating and changing a setting are
the same write. Should a server answer "duplicate" anyway, the engine re-reads and
accepts the answer only when the setting already holds the wanted value.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api_settings import SettingWant
from ansible_collections.exotel.trunking.plugins.module_utils._engine import Engine, Outcome


class SettingEngine(Engine):
    kind = 'setting'
    label = 'setting'

    def key(self, item):
        return item['name']

    def want_key(self, want):
        return want.name

    def identity(self, item):
        return item['name']

    def view(self, item):
        return dict(name=item['name'], value=item['value'])

    def plan_update(self, item, want, created=False):
        return {'value': want.value} if item['value'] != want.value else {}

    def predict_create(self, parent, want):
        return dict(name=want.name, value=want.value, trunk_sid=parent, date_created=None, date_updated=None)

    def write_create(self, parent, want):
        return self.api.set(parent, want)

    def write_update(self, parent, item, body):
        return self.api.set(parent, SettingWant(item['name'], body['value']))

    def write_delete(self, parent, item):
        return self.api.delete(parent, item['name'])

    def _accept_duplicate(self, parent, name, value, change, before, exc):
        found = self.find(parent, name)
        if found is None or found['value'] != value:
            raise exc
        change.after = found
        return Outcome(found, [change], before)

    def adopt(self, change, exc):
        return self._accept_duplicate(change.parent, change.key, change.want.value, change, None, exc)

    def on_update_duplicate(self, planned, exc, before, performed, sent):
        return self._accept_duplicate(planned.parent, planned.key, planned.body['value'], planned, before, exc)
