# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exotel's trunk endpoints: ``/trunks`` (list, create, ``?trunk_sid=`` delete) and ``/trunks/{sid}`` (update).

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

from ansible_collections.exotel.trunking.plugins.module_utils._api import pick
from ansible_collections.exotel.trunking.plugins.module_utils._errors import MISSING_ERRORS

TRUNK_FIELDS = ('trunk_sid', 'trunk_name', 'domain_name', 'status', 'auth_type', 'nso_code', 'registration_enabled',
                'edge_preference', 'secure_trunking', 'date_created', 'date_updated')

TrunkWant = namedtuple('TrunkWant', ['trunk_name', 'nso_code', 'domain_name'])
TrunkWant.__doc__ = """A trunk as wanted; ``domain_name`` None means "whatever it has" (a create needs one)."""


def normalise(data):
    """A trunk as the modules return and compare it: the fixed keys of ``TRUNK_FIELDS``, None when absent.

    The nested collection paths (``phone_numbers``, ``whitelisted_ips``, ...) are left out: they are
    derived from the SID and would only add noise to diffs.
    """
    return pick(data, TRUNK_FIELDS)


class TrunkAPI:
    """The account's trunks."""

    def __init__(self, client):
        self.client = client

    def _collection(self):
        return self.client.account_path('trunks')

    def list(self, trunk_sid=None):
        """Every trunk of the account (all pages), normalised; with ``trunk_sid`` only that one (or none).

        ``GET /trunks?trunk_sid=`` is filtered again here, so this works whether or not the server
        applies the filter. An unknown SID (404/1000 or 403/1003) gives an empty list.
        """
        params = {'trunk_sid': trunk_sid} if trunk_sid is not None else None
        try:
            trunks = [normalise(item) for item in self.client.get_list(self._collection(), params=params)]
        except MISSING_ERRORS:
            if trunk_sid is None:
                raise
            return []
        if trunk_sid is not None:
            trunks = [t for t in trunks if t['trunk_sid'] == trunk_sid]
        return trunks

    def exists(self, trunk_sid):
        return bool(self.list(trunk_sid))

    def create(self, want):
        """``POST /trunks``; ``want.domain_name`` must be set."""
        body = {'trunk_name': want.trunk_name, 'nso_code': want.nso_code, 'domain_name': want.domain_name}
        return normalise(self.client.write('POST', self._collection(), body=body))

    def update(self, trunk_sid, changes):
        """``PUT /trunks/{sid}`` with only the fields that differ (a partial update)."""
        return normalise(self.client.write('PUT', self.client.account_path('trunks', trunk_sid), body=dict(changes)))

    def delete(self, trunk_sid):
        """``DELETE /trunks?trunk_sid=``; Exotel answers with the deleted trunk."""
        return normalise(self.client.write('DELETE', self._collection(), params={'trunk_sid': trunk_sid}))
