# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The trunk_sid doc fragment: what it documents, and that every module with that option uses it."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib

import pytest
import yaml

from ansible_collections.exotel.trunking.plugins.doc_fragments.trunk_sid import ModuleDocFragment
from ansible_collections.exotel.trunking.plugins.module_utils import _specs
from ansible_collections.exotel.trunking.plugins.module_utils._runner import ModuleSpec

SPECS = sorted((value.name, value) for value in vars(_specs).values() if isinstance(value, ModuleSpec))


def fragment():
    """The fragment parsed as YAML (as ansible-doc and validate-modules parse it)."""
    return yaml.safe_load(ModuleDocFragment.DOCUMENTATION)


def module_doc(name):
    return yaml.safe_load(importlib.import_module('ansible_collections.exotel.trunking.plugins.modules.%s' % name).DOCUMENTATION)


def test_the_fragment_documents_one_required_string():
    doc = fragment()
    assert list(doc) == ['options'] and list(doc['options']) == ['trunk_sid']
    option = doc['options']['trunk_sid']
    assert (option['type'], option['required']) == ('str', True)
    assert 'default' not in option


def test_it_matches_the_argument_spec_of_the_items_modules():
    assert _specs.TRUNK_SID == {'type': 'str', 'required': True}


def test_it_names_the_rule_the_validator_enforces():
    text = ' '.join(fragment()['options']['trunk_sid']['description'])
    assert "Only letters, digits, V(_) and V(-) are accepted" in text
    assert 'rejected before any request is sent' in text


@pytest.mark.parametrize('name, spec', SPECS, ids=[name for name, dummy in SPECS])
def test_modules_with_a_required_trunk_sid_use_the_fragment(name, spec):
    doc = module_doc(name)
    uses = 'exotel.trunking.trunk_sid' in doc['extends_documentation_fragment']
    assert uses is (spec.options.get('trunk_sid') == _specs.TRUNK_SID)
    if uses:
        assert 'trunk_sid' not in doc.get('options', {})
