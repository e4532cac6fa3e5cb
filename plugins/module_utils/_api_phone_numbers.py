# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Exotel's phone-number endpoints: a trunk's ``phone-numbers`` and the account-wide ``trunk-maps`` look-up.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from collections import namedtuple

from ansible_collections.exotel.trunking.plugins.module_utils._api import CollectionAPI, id_as_text, pick
from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    ExotelAPIError,
    ExotelAuthError,
    ExotelNotFoundError,
    ExotelRateLimitError,
    ExotelResponseError,
)

MAPPING_FIELDS = ('id', 'phone_number', 'trunk_sid', 'mode', 'date_created', 'date_updated')

PhoneNumberWant = namedtuple('PhoneNumberWant', ['phone_number', 'mode'])
PhoneNumberWant.__doc__ = """A mapping as wanted; ``mode`` None means "create without a mode, leave an existing mode alone"."""


def mode_of(value):
    """How a stored mode routes: Exotel stores ``null`` for a number mapped without a mode, and routes it as ``pstn``.

    Only comparisons use this; results report the stored value, so null stays null.
    """
    return value if value else 'pstn'


def normalise(data):
    """A mapping as Exotel stores it: fixed keys, ``id`` as a string, ``mode`` as stored (null stays null)."""
    return id_as_text(pick(data, MAPPING_FIELDS))


class PhoneNumberAPI(CollectionAPI):
    collection = 'phone-numbers'
    fields = MAPPING_FIELDS

    def normalise(self, data):
        return normalise(data)

    def lookup(self, phone_number):
        """Where is this number mapped, account-wide, in one request (``GET /trunk-maps?exophone=``).

        Returns ``(found, mapping)``: ``found`` is True/False when Exotel answered
        clearly, or None when the endpoint answered in a way this client does not
        understand (the caller then falls back to listing the trunk). ``mapping`` is a
        normalised mapping without dates (trunk-maps does not return them).
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

    def create(self, trunk_sid, want):
        """``POST .../phone-numbers``; without a mode the body carries none (Exotel stores null)."""
        body = {'phone_number': want.phone_number}
        if want.mode is not None:
            body['mode'] = want.mode
        return self.normalise(self.client.write('POST', self.path(trunk_sid), body=body))

    def set_mode(self, trunk_sid, mapping, mode):
        """``PUT .../phone-numbers/{id}``: Exotel wants the number beside the mode."""
        return self.put(trunk_sid, mapping['id'], {'phone_number': mapping['phone_number'], 'mode': mode})
