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
  - exotel.trunking.attributes.info_module
options:
  trunk_sid:
    description:
      - SID of the trunk whose mappings to list.
    type: str
    required: true
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
      description: The routing mode, V(pstn) or V(flow). A C(null) mode stored by Exotel is reported as V(pstn).
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

from ansible_collections.exotel.trunking.plugins.module_utils._module import ExotelModule, check_e164, check_sid
from ansible_collections.exotel.trunking.plugins.module_utils._phone_numbers import PhoneNumberAPI


def validate(params):
    check_sid(params['trunk_sid'], 'trunk_sid')
    if params['phone_number'] is not None:
        check_e164(params['phone_number'], 'phone_number')


def run(em):
    trunk_sid, number = em.params['trunk_sid'], em.params['phone_number']
    mappings = PhoneNumberAPI(em.client).list(trunk_sid)
    if number is not None:
        mappings = [m for m in mappings if m['phone_number'] == number]
    return dict(changed=False, mappings=mappings)


def main():
    em = ExotelModule(
        argument_spec=dict(
            trunk_sid=dict(type='str', required=True),
            phone_number=dict(type='str'),
        ),
        validate=validate,
    )
    em.run(run, action=lambda params: 'Cannot list the numbers of trunk %s' % params['trunk_sid'])


if __name__ == '__main__':
    main()
