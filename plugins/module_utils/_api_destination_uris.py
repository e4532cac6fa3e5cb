# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exotel's destination-URI endpoints of a trunk (inbound SIP targets).

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel stores a destination with a ``sip:`` prefix (``44.248.146.11:5061;transport=tls``
comes back as ``sip:44.248.146.11:5061;transport=tls``), takes new ones through a batch
POST (HTTP 207 when an item fails) and appends on every POST, even for a destination it
already has. Priority and weight can only be set by a PUT.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

from ansible_collections.exotel.trunking.plugins.module_utils._api import CollectionAPI
from ansible_collections.exotel.trunking.plugins.module_utils._errors import ExotelOutcomeUnknownError

DESTINATION_URI_FIELDS = ('id', 'destination', 'type', 'priority', 'weight', 'trunk_sid', 'date_created', 'date_updated')
DEFAULT_PRIORITY = 0
DEFAULT_WEIGHT = 1

DestinationURIWant = namedtuple('DestinationURIWant', ['destination', 'priority', 'weight'])
DestinationURIWant.__doc__ = """A destination as wanted: its text without ``sip:``; priority/weight None mean "leave as is"."""


class DestinationURIAPI(CollectionAPI):
    collection = 'destination-uris'
    fields = DESTINATION_URI_FIELDS

    def create(self, trunk_sid, want):
        """Batch ``POST`` of one destination; raises the failed item's error (HTTP 207)."""
        items = self.client.write_batch(self.path(trunk_sid), {'destinations': [{'destination': want.destination}]})
        data = items[0] if items else None
        if not isinstance(data, dict):
            raise ExotelOutcomeUnknownError('POST %s: the answer holds no created item; the destination may or may not have been added'
                                            % self.path(trunk_sid), method='POST', path=self.path(trunk_sid))
        return self.normalise(data)

    def set_routing(self, trunk_sid, item, priority, weight):
        """``PUT`` both fields (Exotel documents them together)."""
        return self.put(trunk_sid, item['id'], {'priority': priority, 'weight': weight})
