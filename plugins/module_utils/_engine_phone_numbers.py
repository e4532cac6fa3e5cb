# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The phone-number engine: numbers mapped onto a trunk, with their routing mode.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

A number can be mapped to only one trunk of an account. Besides listing a trunk, this
engine can locate one number account-wide in a single request (``trunk-maps``), which
is what keeps a single-number task O(1) whatever the size of the trunk. A stored
``null`` mode routes as ``pstn`` and compares equal to it.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api_phone_numbers import mode_of
from ansible_collections.exotel.trunking.plugins.module_utils._engine import Engine, Outcome
from ansible_collections.exotel.trunking.plugins.module_utils._errors import TaskFailure, TrunkNotFound


class NumberHeldElsewhere(TaskFailure):
    """The number is mapped to another trunk; ``other`` is that mapping."""

    def __init__(self, number, trunk_sid, other):
        super(NumberHeldElsewhere, self).__init__(
            'phone_number %s is already mapped to another trunk, %s (mapping id %s); a number can be mapped to only one '
            'trunk, so remove it there first (state=absent with trunk_sid=%s) before mapping it to %s'
            % (number, other['trunk_sid'], other['id'], other['trunk_sid'], trunk_sid),
            mapping=None, other_mapping=other)
        self.number = number
        self.other = other


class PhoneNumberEngine(Engine):
    kind = 'phone_number'
    label = 'phone number'

    def key(self, item):
        return item['phone_number']

    def want_key(self, want):
        return want.phone_number

    def view(self, item):
        return dict(phone_number=item['phone_number'], mode=item['mode'])

    def what(self, action, key):
        return {'create': 'the mapping of %s', 'update': 'the mode change of %s', 'delete': 'the removal of %s'}[action] % key

    def plan_update(self, item, want, created=False):
        if want.mode is not None and mode_of(item['mode']) != want.mode:
            return {'mode': want.mode}
        return {}

    def predict_create(self, parent, want):
        return dict(id=None, phone_number=want.phone_number, trunk_sid=parent, mode=want.mode, date_created=None, date_updated=None)

    def update_done(self, state, body):
        return state is not None and mode_of(state['mode']) == body['mode']

    def write_update(self, parent, item, body):
        return self.api.set_mode(parent, item, body['mode'])

    # -- reading one number account-wide --------------------------------------------------------------
    def locate(self, parent, number, confirm_absence=False):
        """Where is ``number``: ``(on_this_trunk, elsewhere)``, mappings or None.

        Uses trunk-maps first (one request). Falls back to listing the trunk when
        trunk-maps is unusable, or, with ``confirm_absence``, when it says the number is
        not mapped (so a wrong "not found" can never leave a mapping behind).
        """
        found, mapping = self.api.lookup(number)
        if found:
            if mapping['trunk_sid'] == parent:
                return mapping, None
            return None, mapping
        if found is False and not confirm_absence:
            return None, None
        for item in self.read(parent):
            if item['phone_number'] == number:
                return item, None
        return None, None

    def find(self, parent, key):
        try:
            return self.locate(parent, key, confirm_absence=True)[0]
        except TrunkNotFound:
            return None

    def find_same(self, parent, item):
        return self.find(parent, item['phone_number'])

    def find_created(self, parent, key):
        here, elsewhere = self.locate(parent, key, confirm_absence=True)
        if elsewhere:
            raise NumberHeldElsewhere(key, parent, elsewhere)
        return here

    def adopt(self, change, exc):
        """A duplicate answer: mapped elsewhere (fail, naming that trunk), or mapped here meanwhile (manage it)."""
        here, elsewhere = self.locate(change.parent, change.key, confirm_absence=True)
        if elsewhere:
            raise NumberHeldElsewhere(change.key, change.parent, elsewhere)
        if here is None:
            raise exc
        body = self.plan_update(here, change.want)
        if not body:
            return Outcome(here, [], here)
        return self._apply_update(change.parent, here, body, here, [], frozenset())
