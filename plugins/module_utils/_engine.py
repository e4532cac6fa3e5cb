# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""The engine every resource kind is built on: read, compare, plan, apply with reconcile.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

An engine manages one kind of item (a trunk, a phone-number mapping, a whitelisted IP,
a destination URI, a credential, a setting) inside a parent (a trunk's SID, or None for
the account's trunks). Its life is always the same:

1. **read** the parent's items through the per-kind API (normalised dicts);
2. **plan**: compare them with what is wanted (value objects) and produce
   :class:`Change` objects, each a create, an update (with the body to send) or a delete,
   with ``before`` and the predicted ``after``;
3. **apply** each change. In check mode ``apply`` returns the prediction and writes
   nothing, so check mode takes exactly the path of a real run. Otherwise it writes
   through :func:`reconcile`: a write whose answer is lost is never resent blindly; the
   engine re-reads, and writes again only if the change is not in place.

The single-item modules, the bulk module and the resource module (``_estate``) all plan
and apply through these engines; none compares or writes on its own. Engines raise
(API errors, :class:`TaskFailure`, :class:`TrunkNotFound`); the execution seam turns
exceptions into failed results.

An engine needs a small context object ``ctx`` with ``check_mode``, ``warn(msg)``,
``max_retries`` (how often a write may be tried again after a re-read showed it
missing) and ``clock`` (whose ``sleep`` paces those attempts).
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._errors import (
    MISSING_ERRORS,
    ExotelDuplicateError,
    ExotelError,
    ExotelOutcomeUnknownError,
    TaskFailure,
    TrunkNotFound,
)

BACKOFF_BASE = 0.5
BACKOFF_MAX = 30.0

CREATE = 'create'
UPDATE = 'update'
DELETE = 'delete'


def reconcile(ctx, write, read, done, what):
    """Apply ``write()`` without ever repeating it blindly.

    ``write()`` performs the change and returns the API's object. If its outcome is
    unknown (lost response, gateway error), ``read()`` fetches the current state and
    ``done(state)`` says whether the change is in place; if not, the write is tried
    again, at most ``ctx.max_retries`` more times. Returns ``(object_or_state, confirmed_by_read)``.
    """
    attempt = 0
    while True:
        try:
            return write(), False
        except ExotelOutcomeUnknownError as exc:
            ctx.warn('exotel.trunking: %s; re-reading to find out whether %s took effect' % (exc, what))
            state = read()
            if done(state):
                return state, True
            if attempt >= ctx.max_retries:
                raise
            attempt += 1
            ctx.clock.sleep(min(BACKOFF_BASE * (2 ** (attempt - 1)), BACKOFF_MAX))


def id_order(item):
    """Oldest (lowest numeric id) first; ids that are not numbers sort after, by text."""
    try:
        return (0, int(item.get('id')), '')
    except (TypeError, ValueError):
        return (1, 0, str(item.get('id')))


class Change:
    """One planned (or performed) write.

    ``before`` is the item as read (None for a create), ``after`` the item as it will be
    (predicted) or is (after a real write, from Exotel's answer; None for a delete).
    ``body`` is what an update sends, ``want`` the value object a create sends.
    """

    def __init__(self, engine, action, parent, key, before=None, after=None, body=None, want=None):
        self.engine = engine
        self.action = action
        self.parent = parent
        self.key = key
        self.before = before
        self.after = after
        self.body = body or {}
        self.want = want

    @property
    def kind(self):
        return self.engine.kind

    def __repr__(self):
        return 'Change(%s %s %r on %r)' % (self.action, self.engine.kind, self.key, self.parent)


class Outcome:
    """What applying one planned change did.

    ``item`` is the item after the change (for a delete: the removed item, None when it
    vanished on its own). ``performed`` lists the writes made (predicted in check mode);
    it is empty when the state turned out to be as wanted already (someone else did it).
    ``before`` is the item the outcome started from. ``sent`` is the set of field names
    that were (or would be) sent: the credentials diff marks a password that was sent.
    """

    def __init__(self, item, performed, before, sent=frozenset()):
        self.item = item
        self.performed = performed
        self.before = before
        self.sent = frozenset(sent)

    @property
    def changed(self):
        return bool(self.performed)


class Engine:
    """Read, plan and apply for one kind. Subclasses set the class attributes and fill the hooks."""

    kind = None     # the name used in change reports, e.g. 'phone_number'
    label = None    # the name used in messages, e.g. 'phone number'

    def __init__(self, api, ctx):
        self.api = api
        self.ctx = ctx

    # -- hooks: identity and comparison ------------------------------------------------------------
    def key(self, item):
        """The natural key of a stored item, comparable with :meth:`want_key`."""
        raise NotImplementedError

    def want_key(self, want):
        raise NotImplementedError

    def describe(self, key):
        """How messages name an item."""
        return str(key)

    def sort_key(self, key):
        """How keys sort (reports and plans are sorted by key); a key made of mixed types needs a hook."""
        return key

    def view(self, item):
        """An item in the shape the resource module's ``config`` takes (no ids, no dates)."""
        raise NotImplementedError

    def describe_want(self, want):
        """How messages name what is wanted."""
        return self.describe(self.want_key(want))

    def what(self, action, key):
        """How the reconcile warning names a write whose answer was lost."""
        return {CREATE: 'the new %s', UPDATE: 'the change to the %s', DELETE: 'the removal of the %s'}[action] % self.label

    def identity(self, item):
        """What tells two stored items apart (Exotel's id); items with equal keys can still differ in it."""
        return item.get('id')

    def plan_update(self, item, want, created=False):
        """The update body that brings ``item`` to ``want`` (``{}`` when it already is).

        ``created`` is True right after this run created the item: only what the create
        could not set is left.
        """
        return {}

    def predict_create(self, parent, want):
        """The item a create would produce, with the fields Exotel assigns (id, dates) None."""
        raise NotImplementedError

    def predict_update(self, item, body):
        return dict(item, **dict((k, v) for k, v in body.items() if k in item))

    def update_done(self, state, body):
        """Whether a re-read ``state`` shows ``body`` applied (after a lost answer)."""
        return state is not None and all(state.get(k) == v for k, v in body.items() if k in state)

    def create_problem(self, parent, want):
        """A message when ``want`` cannot be created (found once the read shows it missing), else None."""
        return None

    # -- hooks: the API calls ----------------------------------------------------------------------
    def read(self, parent):
        return self.api.list(parent)

    def write_create(self, parent, want):
        return self.api.create(parent, want)

    def write_update(self, parent, item, body):
        raise NotImplementedError

    def write_delete(self, parent, item):
        return self.api.delete(parent, item['id'])

    # -- reading -----------------------------------------------------------------------------------
    def matches(self, items, key):
        """The items whose key is ``key``, oldest first."""
        return sorted((item for item in items if self.key(item) == key), key=id_order)

    def find(self, parent, key):
        """Re-read one item (after a lost answer); None when it, or its trunk, is not there."""
        try:
            found = self.matches(self.read(parent), key)
        except TrunkNotFound:
            return None
        return found[0] if found else None

    def find_created(self, parent, key):
        """Re-read an item this run may have just created (after a lost answer to the create)."""
        return self.find(parent, key)

    def find_same(self, parent, item):
        """Re-read ``item`` itself (same identity), after a lost answer to its deletion; None when it is gone."""
        try:
            items = self.read(parent)
        except TrunkNotFound:
            return None
        wanted = self.identity(item)
        return next((i for i in items if self.identity(i) == wanted), None)

    # -- planning ----------------------------------------------------------------------------------
    def plan_present(self, parent, items, want):
        """Changes (none or one) that make ``want`` exist among ``items``.

        When several items share the key (Exotel allows duplicate destinations) the oldest
        is managed, with a warning.
        """
        key = self.want_key(want)
        found = self.matches(items, key)
        if len(found) > 1:
            self.ctx.warn('%d %ss on trunk %s match %s (ids %s); managing the oldest, id %s'
                          % (len(found), self.label, parent, self.describe_want(want), ', '.join(str(i['id']) for i in found), found[0]['id']))
        if not found:
            problem = self.create_problem(parent, want)
            if problem:
                raise TaskFailure(problem)
            return [Change(self, CREATE, parent, key, after=self.predict_create(parent, want), want=want)]
        current = found[0]
        body = self.plan_update(current, want)
        if not body:
            return []
        return [Change(self, UPDATE, parent, key, before=current, after=self.predict_update(current, body), body=body, want=want)]

    def plan_absent(self, parent, items, key):
        """Changes that remove every item with ``key`` (oldest first)."""
        return [Change(self, DELETE, parent, key, before=item) for item in self.matches(items, key)]

    def plan(self, parent, items, wants, purge=False):
        """Changes that make ``items`` hold ``wants`` (and, with ``purge``, nothing else).

        Returns ``(changes, unchanged)``: creates, then updates, then deletes, each sorted by
        key; ``unchanged`` lists the items already as wanted.
        """
        creates, updates, unchanged = [], [], []
        by_key = {}
        for item in items:
            by_key.setdefault(self.key(item), []).append(item)
        wanted_keys = set()
        for want in sorted(wants, key=lambda want: self.sort_key(self.want_key(want))):
            key = self.want_key(want)
            wanted_keys.add(key)
            same = by_key.get(key, [])  # one look-up per wanted item, not a scan of every stored one
            planned = self.plan_present(parent, same, want)
            if not planned:
                unchanged.extend(self.matches(same, key)[:1])
            for change in planned:
                (creates if change.action == CREATE else updates).append(change)
        deletes = []
        if purge:
            for item in sorted(items, key=lambda item: self.sort_key(self.key(item))):
                if self.key(item) not in wanted_keys:
                    deletes.append(Change(self, DELETE, parent, self.key(item), before=item))
        return creates + updates + deletes, unchanged

    # -- applying ----------------------------------------------------------------------------------
    def apply(self, change):
        """Perform ``change`` (or, in check mode, only predict it); returns an :class:`Outcome`."""
        if change.action == CREATE:
            return self._apply_create(change)
        if change.action == UPDATE:
            return self._apply_update(change.parent, change.before, change.body, change.before, [], frozenset())
        return self._apply_delete(change)

    def _apply_create(self, change):
        parent, want = change.parent, change.want
        if self.ctx.check_mode:
            return Outcome(change.after, [change], None, sent=self.create_sent(want))
        try:
            # reconcile() gives the create's answer, or the re-read item when the answer was lost: both will do.
            created, dummy = reconcile(self.ctx, lambda: self.write_create(parent, want), lambda: self.find_created(parent, change.key),
                                       lambda state: state is not None, self.what(CREATE, change.key))
        except ExotelDuplicateError as exc:
            # Exotel says it exists (HTTP 200 + response.code 409 / error 1008, or a real 409): someone added it
            # between our read and our write (reconcile() only resends after a re-read showed it missing).
            return self.adopt(change, exc)
        except MISSING_ERRORS as exc:
            raise TrunkNotFound(parent, cause=exc)
        done = Change(self, CREATE, parent, change.key, after=created, want=want)
        body = self.plan_update(created, want, created=True)
        sent = self.create_sent(want)
        if not body:
            return Outcome(created, [done], None, sent=sent)
        return self._apply_update(parent, created, body, None, [done], sent)

    def adopt(self, change, exc):
        """After a duplicate answer to a create: manage the item someone else just made."""
        current = self.find(change.parent, change.key)
        if current is None:
            raise exc
        self.ctx.warn('Exotel reported the %s %s as a duplicate; it was added by someone else meanwhile, managing that one'
                      % (self.label, self.describe_want(change.want)))
        body = self.plan_update(current, change.want)
        if not body:
            return Outcome(current, [], current)
        return self._apply_update(change.parent, current, body, current, [], frozenset())

    def create_sent(self, want):
        """The names of the fields a create sends."""
        return frozenset()

    def diff_view(self, item, sent):
        """An item as a diff side shows it; ``sent`` names the fields that were sent."""
        return item

    def _apply_update(self, parent, item, body, before, performed, sent):
        planned = Change(self, UPDATE, parent, self.key(item), before=item, after=self.predict_update(item, body), body=body)
        sent = frozenset(sent) | frozenset(body)
        if self.ctx.check_mode:
            return Outcome(planned.after, performed + [planned], before, sent=sent)
        try:
            updated, dummy = reconcile(self.ctx, lambda: self.write_update(parent, item, body), lambda: self.find(parent, planned.key),
                                       lambda state: self.update_done(state, body), self.what(UPDATE, planned.key))
        except ExotelDuplicateError as exc:
            return self.on_update_duplicate(planned, exc, before, performed, sent)
        planned.after = updated
        return Outcome(updated, performed + [planned], before, sent=sent)

    def on_update_duplicate(self, planned, exc, before, performed, sent):
        """A duplicate answer to an update: an error, unless a kind knows better (settings are upserts)."""
        raise exc

    def _apply_delete(self, change):
        current = change.before
        if self.ctx.check_mode:
            return Outcome(current, [change], current)
        try:
            deleted, confirmed = reconcile(self.ctx, lambda: self.write_delete(change.parent, current),
                                           lambda: self.find_same(change.parent, current), lambda state: not state,
                                           self.what(DELETE, change.key))
        except MISSING_ERRORS:
            # It vanished between our read and our write: the state is as requested, but not by our hand.
            return Outcome(None, [], current)
        removed = current if confirmed else dict(current, **dict((k, v) for k, v in deleted.items() if v is not None))
        return Outcome(removed, [change], current)


def apply_changes(changes, is_fatal):
    """Apply ``changes`` in order, each through its own engine.

    A change that fails is recorded and the run goes on, unless ``is_fatal(exc)`` says
    every later write would fail too; then the rest is recorded as not attempted.
    Returns ``(applied, failed, skipped, fatal)``: ``[(change, outcome)]``,
    ``[(change, exc)]``, ``[change]`` and the fatal exception (or None).
    """
    applied, failures = [], []
    for position, change in enumerate(changes):
        try:
            outcome = change.engine.apply(change)
        except (ExotelError, TaskFailure, TrunkNotFound) as exc:
            failures.append((change, exc))
            if is_fatal(exc):
                return applied, failures, changes[position + 1:], exc
            continue
        applied.append((change, outcome))
    return applied, failures, [], None
