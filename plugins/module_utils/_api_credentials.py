# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exotel's SIP digest credential endpoints of a trunk.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel never returns a password, so no item built here ever holds one.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

from ansible_collections.exotel.trunking.plugins.module_utils._api import CollectionAPI

CREDENTIAL_FIELDS = ('id', 'user_name', 'friendly_name', 'trunk_sid', 'date_created', 'date_updated')

CredentialWant = namedtuple('CredentialWant', ['user_name', 'password', 'friendly_name'])
CredentialWant.__doc__ = """A credential as wanted; password and friendly_name None mean "leave as is" ('' clears the name)."""


class CredentialAPI(CollectionAPI):
    collection = 'credentials'
    fields = CREDENTIAL_FIELDS

    def create(self, trunk_sid, want):
        body = {'user_name': want.user_name, 'password': want.password}
        if want.friendly_name is not None:
            body['friendly_name'] = want.friendly_name
        return self.normalise(self.client.write('POST', self.path(trunk_sid), body=body))

    def update(self, trunk_sid, item, changes):
        """``PUT .../credentials/{id}`` with only the fields to change (``friendly_name``, ``password``)."""
        return self.put(trunk_sid, item['id'], dict(changes))
