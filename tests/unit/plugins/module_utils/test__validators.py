# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Every client-side validator accepts a good value and rejects the same value with a trailing newline.

A pattern anchored with '$' also matches before a final newline; a value such as 'trunk_a\\n' would then be
sent to Exotel and never compare equal to what Exotel stores, breaking idempotency.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import pytest

from ansible_collections.exotel.trunking.plugins.module_utils import _validators as v
from ansible_collections.exotel.trunking.plugins.module_utils._errors import InputError

CASES = [
    ('e164', v.check_e164, '+919876543210'),
    ('sid', lambda value: v.check_sid(value, 'trunk_sid'), 'trmum1f708622631150902801a1n'),
    ('trunk_name', v.check_trunk_name, 'outbound_trunk'),
    ('nso_code', v.check_nso_code, 'ANY-ANY'),
    ('domain_name', v.check_domain_name, 'ameyo5m.pstn.exotel.com'),
    ('setting_name', v.check_setting_name, 'trunk_external_alias'),
    ('user_name', v.check_user_name, 'voice_ai_user'),
    ('friendly_name', v.check_friendly_name, 'voice_ai_platform'),
    ('password', v.check_password, 'Str0ng_secret_1'),
]

# These parse their input and return a canonical form, so surrounding whitespace cannot reach the wire.
NORMALISERS = [
    ('destination', v.parse_destination, 'sip.example.com:5061;transport=tls'),
    ('ip', v.check_ip, '44.248.146.11'),
]


@pytest.mark.parametrize('name, check, good', CASES, ids=[c[0] for c in CASES])
def test_validator_accepts_the_good_value(name, check, good):
    assert check(good) == good


@pytest.mark.parametrize('name, check, good', CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize('suffix', ['\n', ' ', '\t'])
def test_validator_rejects_trailing_whitespace(name, check, good, suffix):
    with pytest.raises(InputError):
        check(good + suffix)


@pytest.mark.parametrize('name, parse, good', NORMALISERS, ids=[c[0] for c in NORMALISERS])
@pytest.mark.parametrize('suffix', ['\n', ' ', '\t'])
def test_normaliser_returns_the_same_canonical_value(name, parse, good, suffix):
    assert parse(good + suffix) == parse(good)
