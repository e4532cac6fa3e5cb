# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""The connection doc fragment documents exactly the connection options every module takes."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import re

import pytest
import yaml

from ansible_collections.exotel.trunking.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.exotel.trunking.plugins.module_utils._runner import CONNECTION_OPTIONS

DOC = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)
OPTIONS = DOC['options']
SECRET_NAME = re.compile(r'(key|token|secret|password)', re.IGNORECASE)


def text(option):
    description = OPTIONS[option]['description']
    return ' '.join(description) if isinstance(description, list) else description


def test_the_fragment_is_yaml_with_options_notes_and_requirements():
    assert sorted(DOC) == ['notes', 'options', 'requirements']
    assert DOC['requirements'] == ['requests >= 2.25.0']


def test_exactly_the_connection_options_are_documented():
    assert sorted(OPTIONS) == sorted(CONNECTION_OPTIONS)


@pytest.mark.parametrize('option', sorted(CONNECTION_OPTIONS))
def test_type_default_choices_and_required_match_the_argument_spec(option):
    doc, spec = OPTIONS[option], CONNECTION_OPTIONS[option]
    assert doc['type'] == spec['type']
    assert doc.get('default') == spec.get('default')
    assert type(doc.get('default')) in (type(spec.get('default')), int)  # YAML's 30 documents the float 30.0
    assert doc.get('choices') == spec.get('choices')
    assert bool(doc.get('required', False)) is bool(spec.get('required', False))


@pytest.mark.parametrize('option', sorted(CONNECTION_OPTIONS))
def test_secret_options_are_no_log_and_document_no_default_or_example(option):
    doc, spec = OPTIONS[option], CONNECTION_OPTIONS[option]
    assert bool(spec.get('no_log')) is bool(SECRET_NAME.search(option))
    if spec.get('no_log'):
        assert 'default' not in doc
        assert 'V(' not in text(option)


@pytest.mark.parametrize('option', sorted(CONNECTION_OPTIONS))
def test_every_environment_fallback_is_named_with_e_and_no_other_is_claimed(option):
    fallback = CONNECTION_OPTIONS[option].get('fallback')
    variables = fallback[1] if fallback else []
    for variable in variables:
        assert 'E(%s)' % variable in text(option)
    claimed = re.findall(r'If not set, the value of the E\(([A-Z_]+)\) environment variable is used', text(option))
    assert claimed == variables


def test_environment_variables_are_always_marked_with_e():
    for option in OPTIONS:
        bare = re.sub(r'E\([A-Z_]+\)', '', text(option))
        assert not re.search(r'\bEXOTEL_[A-Z_]+', bare), option


def test_the_token_is_documented_as_never_shown():
    assert 'never printed or returned' in text('api_token')
