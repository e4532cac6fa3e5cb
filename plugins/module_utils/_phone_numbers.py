# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Phone-number-to-trunk mappings: read, normalise, compare, write.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelForbiddenError,
    ExotelNotFoundError,
    ExotelRateLimitError,
    ExotelResponseError,
)
from ansible_collections.exotel.trunking.plugins.module_utils._module import TrunkNotFound

MAPPING_KEYS = ('id', 'phone_number', 'trunk_sid', 'mode', 'date_created', 'date_updated')


def mode_of(value):
    """Exotel stores ``null`` for a number mapped without a mode, and routes it as ``pstn``."""
    return value if value else 'pstn'


def normalise(data):
    """A mapping as the modules return and compare it: fixed keys, ``id`` as a string, null mode as ``pstn``."""
    result = dict((key, data.get(key)) for key in MAPPING_KEYS)
    if result['id'] is not None:
        result['id'] = str(result['id'])
    result['mode'] = mode_of(result['mode'])
    return result


class PhoneNumberAPI:
    """Exotel's phone-number endpoints for one client."""

    def __init__(self, client):
        self.client = client

    def _collection(self, trunk_sid):
        return self.client.account_path('trunks', trunk_sid, 'phone-numbers')

    def trunk_exists(self, trunk_sid):
        """``GET /trunks?trunk_sid=``: works whether or not the server applies the filter."""
        try:
            trunks = self.client.get_list(self.client.account_path('trunks'), params={'trunk_sid': trunk_sid})
        except (ExotelNotFoundError, ExotelForbiddenError):
            return False
        return any(t.get('trunk_sid') == trunk_sid for t in trunks)

    def list(self, trunk_sid):
        """Every mapping on the trunk (all pages), normalised. Raises TrunkNotFound."""
        try:
            return [normalise(item) for item in self.client.get_list(self._collection(trunk_sid))]
        except (ExotelNotFoundError, ExotelForbiddenError):
            raise TrunkNotFound(trunk_sid)

    def lookup(self, phone_number):
        """Where is this number mapped, account-wide, in one request.

        Returns ``(found, mapping)``: ``found`` is True/False when Exotel answered
        clearly, or None when the trunk-maps endpoint answered in a way this client
        does not understand (the caller then falls back to listing the trunk).
        ``mapping`` is a normalised mapping without dates (trunk-maps does not
        return them).
        """
        try:
            data = self.client.get_object(self.client.account_path('trunk-maps'), params={'exophone': phone_number})
        except ExotelNotFoundError:
            return False, None
        except (ExotelAuthError, ExotelRateLimitError):
            raise
        except ExotelResponseError:
            return None, None
        except ExotelAPIError as exc:
            # A 4xx other than not-found (e.g. 400 or 405 if the endpoint changes) means "this look-up does not
            # work here": fall back. A 5xx after every retry means the API is down: do not double the wait.
            if exc.http_status is not None and exc.http_status >= 500:
                raise
            return None, None
        exophone = data.get('exophone')
        mapping_id = data.get('phone_number_id')
        trunk_sid = data.get('trunk_sid')
        if exophone != phone_number or not trunk_sid or mapping_id in (None, ''):
            return None, None
        return True, normalise({'id': mapping_id, 'phone_number': exophone, 'trunk_sid': trunk_sid, 'mode': data.get('mode')})

    def find(self, trunk_sid, phone_number, confirm_absence=False):
        """Locate ``phone_number``: returns ``(on_this_trunk, elsewhere)``, normalised mappings or None.

        Uses trunk-maps first (one request). Falls back to listing the trunk when
        trunk-maps is unusable, or, with ``confirm_absence``, when it says the
        number is not mapped (so a wrong "not found" can never leave a mapping
        behind on ``state=absent``).
        """
        found, mapping = self.lookup(phone_number)
        if found:
            if mapping['trunk_sid'] == trunk_sid:
                return mapping, None
            return None, mapping
        if found is False and not confirm_absence:
            return None, None
        for item in self.list(trunk_sid):
            if item['phone_number'] == phone_number:
                return item, None
        return None, None

    def create(self, trunk_sid, phone_number, mode):
        body = {'phone_number': phone_number}
        if mode is not None:
            body['mode'] = mode
        return normalise(self.client.write('POST', self._collection(trunk_sid), body=body))

    def update_mode(self, trunk_sid, mapping_id, phone_number, mode):
        path = self.client.account_path('trunks', trunk_sid, 'phone-numbers', mapping_id)
        return normalise(self.client.write('PUT', path, body={'phone_number': phone_number, 'mode': mode}))

    def delete(self, trunk_sid, mapping_id):
        return normalise(self.client.write('DELETE', self._collection(trunk_sid), params={'id': mapping_id}))
