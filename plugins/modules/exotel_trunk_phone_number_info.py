#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_phone_number_info
short_description: List the phone numbers mapped onto an Exotel SIP trunk
version_added: 1.0.0
description:
  - Returns every phone-number mapping of one trunk, reading all pages of Exotel's list.
  - Optionally narrows the list to one phone number.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes.info_module
  - exotel.trunking.attributes.actiongroup_exotel
options:
  phone_number:
    description:
      - Return only the mapping of this number (E.164, for example V(+919876543210)). The result is then a list of
        zero or one mappings.
    type: str
seealso:
  - module: exotel.trunking.exotel_trunk_phone_number
'''

EXAMPLES = r'''
- name: List every number on a trunk
  exotel.trunking.exotel_trunk_phone_number_info:
    trunk_sid: trmum1f708622631150902801a1n
  register: trunk_numbers

- name: Show the numbers that route to a flow
  ansible.builtin.debug:
    msg: "{{ trunk_numbers.mappings | selectattr('mode', 'equalto', 'flow') | map(attribute='phone_number') | list }}"

- name: Is one number mapped here?
  exotel.trunking.exotel_trunk_phone_number_info:
    trunk_sid: trmum1f708622631150902801a1n
    phone_number: "+919876543210"
  register: one

- name: Fail if it is not
  ansible.builtin.assert:
    that: one.mappings | length == 1
'''

RETURN = r'''
mappings:
  description: The mappings, in the order Exotel lists them (newest first).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Exotel's numeric mapping ID (a string).
      type: str
      returned: always
      sample: "41523"
    phone_number:
      description: The phone number in E.164 format.
      type: str
      returned: always
      sample: "+918040264208"
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    mode:
      description: The routing mode as Exotel stores it, V(pstn), V(flow) or V(null) (mapped without a mode; routes as V(pstn)).
      type: str
      returned: always
      sample: flow
    date_created:
      description: When the mapping was created (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T13:28:11Z"
    date_updated:
      description: When the mapping was last changed (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T13:41:59Z"
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_PHONE_NUMBER_INFO


def main():
    run_module(EXOTEL_TRUNK_PHONE_NUMBER_INFO)


if __name__ == '__main__':
    main()
