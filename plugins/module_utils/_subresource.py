# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Trunk sub-collections (whitelisted IPs, destination URIs, credentials): find, compare, write, reconcile.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Exotel offers no filter by IP, destination or user name, and no ``GET`` of a single
item, so every look-up lists the whole sub-collection (all pages) and matches on a
natural key. :class:`SubresourceAPI` is that read/write layer; a subclass per
resource says which collection, which keys, how to build the bodies and what a
change looks like. :func:`ensure_present` and :func:`ensure_absent` are the one
idempotent engine the modules share: read -> compare -> write only the difference ->
result from the API's answer, with check mode taking the same path and skipping only
the write, and every write going through ``ExotelModule.reconcile`` so it is never
resent blindly.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api import ExotelDuplicateError
from ansible_collections.exotel.trunking.plugins.module_utils._module import MISSING_ERRORS as _MISSING, TrunkNotFound


def _id_order(item):
    try:
        return (0, int(item.get('id')), '')
    except (TypeError, ValueError):
        return (1, 0, str(item.get('id')))


class SubresourceAPI:
    """One trunk's sub-collection. Subclasses set the class attributes and override the hooks."""

    collection = None       # path segment, e.g. 'whitelisted-ips'
    keys = ()               # the fields of a normalised item, in result order
    result_key = None       # the module's result key, e.g. 'whitelisted_ip'
    label = 'item'          # human name used in messages, e.g. 'whitelisted IP'

    def __init__(self, client, trunk_sid, params):
        self.client = client
        self.trunk_sid = trunk_sid
        self.params = params

    # -- hooks ---------------------------------------------------------------
    def key_of(self, item):
        """The natural key of an item, comparable with :meth:`wanted_key`."""
        raise NotImplementedError

    def wanted_key(self):
        """The natural key of what the task asks for."""
        raise NotImplementedError

    def describe(self):
        """How messages name what the task asks for."""
        return str(self.wanted_key())

    def create_problem(self):
        """A message if the item cannot be created from these options (checked once we know it is missing)."""
        return None

    def create_body(self):
        raise NotImplementedError

    def predict_create(self):
        """The object a create would produce, with ``id`` and dates ``None`` (check mode)."""
        raise NotImplementedError

    def update_body(self, current, created):
        """The PUT body needed to bring ``current`` to the requested state; ``{}`` when it already is.

        ``created`` is True right after this task created the item (only what the create could not set is left).
        """
        raise NotImplementedError

    def predict_update(self, current, body):
        """``current`` as it would be after PUTting ``body`` (only user-visible fields)."""
        return dict(current, **dict((k, v) for k, v in body.items() if k in self.keys))

    def update_done(self, state, body):
        """Whether a re-read ``state`` shows ``body`` applied (used after a lost answer)."""
        return state is not None and all(state.get(k) == v for k, v in body.items() if k in self.keys)

    def diff_after(self, after, body, created):
        """Hook to annotate ``diff.after`` (credentials mark a password that was sent)."""
        return after

    def normalise(self, data):
        result = dict((key, data.get(key)) for key in self.keys)
        if result.get('id') is not None:
            result['id'] = str(result['id'])
        return result

    # -- HTTP ----------------------------------------------------------------
    def path(self, *extra):
        return self.client.account_path('trunks', self.trunk_sid, self.collection, *extra)

    def list(self):
        """Every item on the trunk (all pages), normalised. Raises TrunkNotFound."""
        try:
            return [self.normalise(item) for item in self.client.get_list(self.path())]
        except _MISSING:
            raise TrunkNotFound(self.trunk_sid)

    def find_all(self, key=None):
        """Items whose natural key equals ``key`` (default: the requested one), oldest (lowest id) first."""
        key = self.wanted_key() if key is None else key
        return sorted([item for item in self.list() if self.key_of(item) == key], key=_id_order)

    def find(self):
        found = self.find_all()
        return found[0] if found else None

    def create(self):
        return self.normalise(self.client.write('POST', self.path(), body=self.create_body()))

    def update(self, item_id, body):
        return self.normalise(self.client.write('PUT', self.path(item_id), body=body))

    def delete(self, item_id):
        return self.normalise(self.client.write('DELETE', self.path(), params={'id': item_id}))


def _result(em, api, changed, obj, before, after, body=None, created=False):
    result = {'changed': changed, api.result_key: obj}
    if em.diff_mode:
        after = api.diff_after(dict(after), body or {}, created) if after else after
    return em.result_diff(result, before, after)


def ensure_present(em, api):
    found = api.find_all()
    if len(found) > 1:
        em.module.warn('%d %ss on trunk %s match %s (ids %s); managing the oldest, id %s'
                       % (len(found), api.label, api.trunk_sid, api.describe(), ', '.join(i['id'] for i in found), found[0]['id']))
    if found:
        return _update(em, api, found[0], before=found[0], created=False)
    return _create(em, api)


def _create(em, api):
    problem = api.create_problem()
    if problem:
        em.module.fail_json(msg=problem)
    if em.check_mode:
        predicted = api.predict_create()
        return _result(em, api, True, predicted, {}, predicted, body=api.create_body(), created=True)

    def read():
        try:
            return api.find()
        except TrunkNotFound:
            return None

    try:
        # reconcile() gives the create's answer, or the re-read item when the answer was lost: both will do.
        created = em.reconcile(api.create, read, lambda state: state is not None, 'the new %s' % api.label)[0]
    except ExotelDuplicateError:
        # Exotel says it exists (HTTP 200 + response.code 409 / error 1008, or a real 409): someone added it between
        # our read and our write (reconcile() only resends after a re-read showed it missing). Adopt it.
        current = read()
        if current is None:
            raise
        em.module.warn('Exotel reported the %s %s as a duplicate; it was added by someone else meanwhile, managing that one'
                       % (api.label, api.describe()))
        return _update(em, api, current, before=current, created=False)
    except _MISSING as exc:
        raise TrunkNotFound(api.trunk_sid, cause=exc)
    return _update(em, api, created, before={}, created=True)


def _update(em, api, current, before, created):
    body = api.update_body(current, created)
    if not body:
        return _result(em, api, created or current != before, current, before, current,
                       body=api.create_body() if created else None, created=created)
    if em.check_mode:
        wanted = api.predict_update(current, body)
        return _result(em, api, True, wanted, before, wanted, body=body, created=created)

    def read():
        try:
            return api.find()
        except TrunkNotFound:
            return None

    updated, dummy = em.reconcile(lambda: api.update(current['id'], body), read,
                                  lambda state: api.update_done(state, body), 'the change to the %s' % api.label)
    if updated is None:
        updated = api.predict_update(current, body)
    sent = dict(api.create_body() if created else {}, **body)
    return _result(em, api, True, updated, before, updated, body=sent, created=created)


def ensure_absent(em, api):
    try:
        found = api.find_all()
    except TrunkNotFound:
        found = []
    if not found:
        return _result(em, api, False, None, {}, {})
    first = found[0]
    if em.check_mode:
        return _result(em, api, True, first, first, {})

    removed = None
    for item in found:
        def read(item_id=item['id']):
            try:
                return [i for i in api.find_all() if i['id'] == item_id]
            except TrunkNotFound:
                return []

        gone = em.remove(item, lambda item_id=item['id']: api.delete(item_id), read, 'the removal of the %s' % api.label)
        if removed is None:
            removed = gone
    if removed is None:
        return _result(em, api, False, None, {}, {})
    return _result(em, api, True, removed, first, {})
