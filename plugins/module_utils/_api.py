# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""What the per-kind API classes share: one trunk's sub-collection over the HTTP client.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

The per-kind API layer (``_api_<kind>.py``) turns value objects (what is wanted) into
requests and Exotel's answers into normalised item dicts (what Exotel stores, with
fixed keys). It knows nothing of modules, options or idempotency; that is the engines'
job.

Exotel's addressing pattern (exotel-api reference, "endpoint catalogue"): a trunk's
items live under ``/trunks/{trunk_sid}/{collection}``; PUT takes the item id in the
path, DELETE as a query parameter. An unknown trunk answers 404/1000 or 403/1003.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._errors import MISSING_ERRORS, TrunkNotFound


def pick(data, fields):
    """``data`` reduced to ``fields`` (missing ones None): the fixed shape every result uses."""
    return dict((field, data.get(field)) for field in fields)


def id_as_text(item):
    """Exotel's ids are numeric strings; a server that sends a number still yields the same text."""
    if item.get('id') is not None:
        item['id'] = str(item['id'])
    return item


class CollectionAPI:
    """One kind of item on a trunk. Subclasses set ``collection`` and ``fields`` and add their writes."""

    collection = None   # the path segment, e.g. 'whitelisted-ips'
    fields = ()         # the keys of a normalised item, in result order

    def __init__(self, client):
        self.client = client

    def normalise(self, data):
        return id_as_text(pick(data, self.fields))

    def path(self, trunk_sid, *extra):
        return self.client.account_path('trunks', trunk_sid, self.collection, *extra)

    def list(self, trunk_sid):
        """Every item on the trunk (all pages), normalised. Raises TrunkNotFound."""
        try:
            return [self.normalise(item) for item in self.client.get_list(self.path(trunk_sid))]
        except MISSING_ERRORS:
            raise TrunkNotFound(trunk_sid)

    def delete(self, trunk_sid, item_id):
        """``DELETE .../{collection}?id=``; Exotel answers with the deleted item."""
        return self.normalise(self.client.write('DELETE', self.path(trunk_sid), params={'id': item_id}))

    def put(self, trunk_sid, item_id, body):
        return self.normalise(self.client.write('PUT', self.path(trunk_sid, item_id), body=body))
