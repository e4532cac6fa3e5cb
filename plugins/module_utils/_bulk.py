# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# Simplified BSD License (see LICENSES/BSD-2-Clause.txt or https://opensource.org/licenses/BSD-2-Clause)
# SPDX-License-Identifier: BSD-2-Clause

"""Many phone-number mappings on one trunk: validate, plan from one paged read, apply only the difference.

Note that this module util is **PRIVATE** to the collection. It can have breaking
changes at any time. Do not use it from outside this collection.

Failure policy (validate-then-write, continue past per-number failures):

* Every element is validated before any request; all bad elements are reported
  together, each with its index.
* The trunk is read once (all pages); the plan is the difference between that
  read and the requested set.
* A write that fails for one number (mapped to another trunk, rejected by
  Exotel, vanished meanwhile, outcome still unknown after re-reading) is
  recorded and the run continues with the other numbers; the task fails at the
  end listing them.
* An error that would make every following write fail too (bad credentials,
  trunk gone, rate limit still hit after every retry, server unreachable) stops
  the run at once.
* Either way the failure result says what was done and what was not, and a
  re-run applies only what is still missing.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.exotel.trunking.plugins.module_utils._api import (
    ExotelAuthError,
    ExotelDuplicateError,
    ExotelError,
    ExotelNotFoundError,
    ExotelOutcomeUnknownError,
    ExotelRateLimitError,
    ExotelTransportError,
)
from ansible_collections.exotel.trunking.plugins.module_utils._module import InputError, check_e164
from ansible_collections.exotel.trunking.plugins.module_utils._phone_numbers import TrunkNotFound, mode_of

MODES = ('pstn', 'flow')
ELEMENT_KEYS = ('phone_number', 'mode')
MSG_LIST_MAX = 20  # failures spelled out in ``msg``; all of them are in ``not_done``


def parse_phone_numbers(values, option='phone_numbers'):
    """Validate the raw list; returns ``[(phone_number, mode_or_None), ...]`` in input order.

    Raises one InputError listing every bad element (with its index) and every
    number given more than once.
    """
    if not isinstance(values, list):
        raise InputError('%s must be a list of E.164 strings or {phone_number, mode} dicts, got %r' % (option, values))
    problems = []
    wanted = []
    for index, element in enumerate(values):
        where = '%s[%d]' % (option, index)
        mode = None
        if isinstance(element, str):
            number = element
        elif isinstance(element, dict):
            unknown = sorted(str(k) for k in element if k not in ELEMENT_KEYS)
            if unknown:
                problems.append((index, '%s: unknown key(s) %s; allowed keys are phone_number and mode' % (where, ', '.join(unknown))))
                continue
            if element.get('phone_number') is None:
                problems.append((index, '%s: phone_number is required in a dict element' % where))
                continue
            number = element['phone_number']
            mode = element.get('mode')
            if mode is not None and mode not in MODES:
                problems.append((index, '%s: mode %r is not valid: use pstn or flow (or omit it)' % (where, mode)))
                continue
        else:
            problems.append((index, '%s: %r is neither an E.164 string nor a dict with phone_number and an optional mode'
                             % (where, element)))
            continue
        try:
            check_e164(number, where)
        except InputError as exc:
            problems.append((index, str(exc)))
            continue
        wanted.append((index, number, mode))

    positions = {}
    for index, number, mode in wanted:
        positions.setdefault(number, []).append((index, mode))
    for number, uses in positions.items():
        if len(uses) > 1:
            where = ', '.join('%s[%d]' % (option, i) for i, dummy in uses)
            modes = sorted(set(m if m is not None else 'unset' for dummy, m in uses))
            rule = 'with different modes (%s)' % ', '.join(modes) if len(modes) > 1 else 'more than once'
            problems.append((uses[1][0], '%s: %s is listed %s; list each number once' % (where, number, rule)))

    if problems:
        problems.sort(key=lambda p: p[0])
        raise InputError('%s has %d invalid element%s (nothing was changed): %s'
                         % (option, len(problems), '' if len(problems) == 1 else 's', '; '.join(p[1] for p in problems)))
    return [(number, mode) for dummy, number, mode in wanted]


def by_phone_number(mappings):
    return sorted(mappings, key=lambda m: m['phone_number'])


def plan(current, wanted, purge):
    """Compare the trunk's mappings with the requested set.

    Returns a dict of lists, each sorted by phone number: ``create`` [(number, mode)],
    ``update`` [(mapping, mode)], ``delete`` [mapping], ``unchanged`` [mapping].
    A requested mode of None leaves an existing mapping's mode alone; null and pstn compare equal.
    """
    have = dict((m['phone_number'], m) for m in current)
    create, update, unchanged = [], [], []
    for number, mode in sorted(wanted, key=lambda w: w[0]):
        mapping = have.get(number)
        if mapping is None:
            create.append((number, mode))
        elif mode is not None and mode_of(mapping['mode']) != mode:
            update.append((mapping, mode))
        else:
            unchanged.append(mapping)
    requested = set(number for number, dummy in wanted)
    delete = by_phone_number(m for m in current if m['phone_number'] not in requested) if purge else []
    return dict(create=create, update=update, delete=delete, unchanged=unchanged)


def diff_view(trunk_sid, mappings):
    """A compact, stable diff side: one ``number: mode`` line per mapping, sorted by phone number."""
    return dict(trunk_sid=trunk_sid, phone_numbers=dict((m['phone_number'], mode_of(m['mode'])) for m in by_phone_number(mappings)))


def is_fatal(exc):
    """Errors after which every following write would fail too: stop instead of trying the rest."""
    if isinstance(exc, TrunkNotFound):
        return True
    if isinstance(exc, (ExotelAuthError, ExotelRateLimitError)):  # includes 403/1003, Exotel's answer for a foreign trunk
        return True
    return isinstance(exc, ExotelTransportError) and not isinstance(exc, ExotelOutcomeUnknownError)


class _PerNumberFailure(Exception):
    """One number could not be handled; the run continues with the others."""

    def __init__(self, reason, other_mapping=None):
        super(_PerNumberFailure, self).__init__(reason)
        self.reason = reason
        self.other_mapping = other_mapping


class BulkMapper:
    """Applies a :func:`plan` through a PhoneNumberAPI, keeping score of what was done."""

    def __init__(self, em, api, trunk_sid):
        self.em = em
        self.api = api
        self.trunk_sid = trunk_sid
        self.after = {}
        self.counts = dict(created=0, updated=0, deleted=0, unchanged=0)
        self.done = []
        self.not_done = []

    # -- one number ----------------------------------------------------------------------------
    def _find(self, number, confirm_absence=False):
        return self.api.find(self.trunk_sid, number, confirm_absence=confirm_absence)

    def _elsewhere(self, number, other):
        return _PerNumberFailure(
            '%s is already mapped to another trunk, %s (mapping id %s); a number can be mapped to only one trunk, so '
            'remove it there first' % (number, other['trunk_sid'], other['id']), other_mapping=other)

    def create(self, number, mode):
        """Map ``number``; returns ``(action, mapping)`` where action is created, updated or unchanged."""
        def read():
            return self._find(number)
        try:
            created, confirmed = self.em.reconcile(lambda: self.api.create(self.trunk_sid, number, mode), read,
                                                   lambda state: state[0] is not None or state[1] is not None,
                                                   'the mapping of %s' % number)
        except ExotelDuplicateError as exc:
            # Not on this trunk when we listed it: mapped elsewhere, or mapped here meanwhile by someone else.
            found, other = read()
            if other:
                raise self._elsewhere(number, other)
            if found is None:
                raise _PerNumberFailure('Exotel reports %s as already mapped, but it is on no trunk it can find: %s' % (number, exc))
            action, mapping = self.set_mode(found, mode)
            return ('updated' if action == 'updated' else 'unchanged'), mapping
        except ExotelNotFoundError:
            raise TrunkNotFound(self.trunk_sid)
        if confirmed:
            found, other = created
            if other:
                raise self._elsewhere(number, other)
            dummy, mapping = self.set_mode(found, mode)
            return 'created', mapping
        return 'created', created

    def set_mode(self, mapping, mode):
        """Give an existing mapping ``mode`` (None leaves it); returns ``(updated|unchanged, mapping)``."""
        if mode is None or mode_of(mapping['mode']) == mode:
            return 'unchanged', mapping
        number = mapping['phone_number']

        def read():
            return self._find(number, confirm_absence=True)[0]
        try:
            updated, confirmed = self.em.reconcile(
                lambda: self.api.update_mode(self.trunk_sid, mapping['id'], number, mode), read,
                lambda state: state is not None and mode_of(state['mode']) == mode, 'the mode change of %s' % number)
        except ExotelNotFoundError:
            raise _PerNumberFailure('the mapping of %s (id %s) disappeared before its mode could be changed' % (number, mapping['id']))
        if confirmed:
            updated = dict(mapping, **dict((k, v) for k, v in updated.items() if v is not None))
        return 'updated', updated

    def delete(self, mapping):
        """Unmap; returns True when we removed it, False when it was already gone."""
        number = mapping['phone_number']

        def read():
            try:
                return self._find(number, confirm_absence=True)[0]
            except TrunkNotFound:
                return None
        try:
            self.em.reconcile(lambda: self.api.delete(self.trunk_sid, mapping['id']), read, lambda state: state is None,
                              'the removal of %s' % number)
        except ExotelNotFoundError:
            return False
        return True

    # -- the whole plan ------------------------------------------------------------------------
    def apply(self, steps, current):
        """Run every write of ``steps``; per-number failures are collected, fatal ones stop the run.

        Returns the fatal exception or None.
        """
        self.after = dict((m['phone_number'], m) for m in current)
        self.counts['unchanged'] = len(steps['unchanged'])
        work = ([('create', number, mode, None) for number, mode in steps['create']]
                + [('update', m['phone_number'], mode, m) for m, mode in steps['update']]
                + [('delete', m['phone_number'], mode_of(m['mode']), m) for m in steps['delete']])
        for position, (action, number, mode, mapping) in enumerate(work):
            try:
                self._one(action, number, mode, mapping)
            except _PerNumberFailure as exc:
                self._not_done(action, number, mode, exc.reason, other=exc.other_mapping)
            except (ExotelError, TrunkNotFound) as exc:
                if is_fatal(exc):
                    self._not_done(action, number, mode, self._reason(exc), error=getattr(exc, 'details', lambda: None)())
                    for later_action, later_number, later_mode, dummy in work[position + 1:]:
                        self._not_done(later_action, later_number, later_mode, 'not attempted: the run stopped at an earlier error')
                    return exc
                self._not_done(action, number, mode, self._reason(exc), error=exc.details())
        return None

    def _one(self, action, number, mode, mapping):
        if action == 'create':
            outcome, result = self.create(number, mode)
            self.after[number] = result
            self.counts[outcome] += 1
            if outcome != 'unchanged':
                self.done.append(dict(phone_number=number, action='create' if outcome == 'created' else 'update', mode=result['mode']))
        elif action == 'update':
            outcome, result = self.set_mode(mapping, mode)
            self.after[number] = result
            self.counts[outcome] += 1
            self.done.append(dict(phone_number=number, action='update', mode=result['mode']))
        else:
            removed = self.delete(mapping)
            self.after.pop(number, None)
            if removed:
                self.counts['deleted'] += 1
                self.done.append(dict(phone_number=number, action='delete', mode=mode))

    def _not_done(self, action, number, mode, reason, other=None, error=None):
        entry = dict(phone_number=number, action=action, mode=mode, reason=reason)
        if other is not None:
            entry['other_mapping'] = other
        if error is not None:
            entry['error'] = error
        self.not_done.append(entry)

    @staticmethod
    def _reason(exc):
        if isinstance(exc, TrunkNotFound):
            return 'trunk %s no longer exists (or is not visible to these credentials)' % exc
        return str(exc)

    def mappings(self):
        return by_phone_number(self.after.values())
