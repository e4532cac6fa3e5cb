#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_destination_uri_info
short_description: List the inbound destination URIs of an Exotel SIP trunk
version_added: 1.0.0
description:
  - Returns every destination URI of one trunk, reading all pages of Exotel's list.
  - Optionally narrows the list to one destination.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes.info_module
  - exotel.trunking.attributes.actiongroup_exotel
options:
  destination:
    description:
      - Return only the destinations equal to this one (C(host:port[;transport=...]), with or without C(sip:); compared
        as M(exotel.trunking.exotel_trunk_destination_uri) does). The list can hold more than one entry if Exotel
        holds duplicates.
    type: str
seealso:
  - module: exotel.trunking.exotel_trunk_destination_uri
'''

EXAMPLES = r'''
- name: List the destinations of a trunk
  exotel.trunking.exotel_trunk_destination_uri_info:
    trunk_sid: trmum1f708622631150902801a1n
  register: dest

- name: Show them in priority order
  ansible.builtin.debug:
    msg: "{{ dest.destination_uris | sort(attribute='priority') | map(attribute='destination') | list }}"
'''

RETURN = r'''
destination_uris:
  description: The destinations, in the order Exotel lists them (newest first).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Exotel's numeric ID of the destination (a string).
      type: str
      returned: always
      sample: "2544"
    destination:
      description: The destination as Exotel stores it, with a C(sip:) prefix.
      type: str
      returned: always
      sample: sip:sip.company.com:5061;transport=tls
    type:
      description: The destination type (V(public)).
      type: str
      returned: always
      sample: public
    priority:
      description: The priority; lower is tried first.
      type: int
      returned: always
      sample: 0
    weight:
      description: The weight among destinations of equal priority; higher gets more traffic.
      type: int
      returned: always
      sample: 1
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    date_created:
      description: When the destination was added (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T13:38:32Z"
    date_updated:
      description: When the destination was last changed (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T13:38:32Z"
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_DESTINATION_URI_INFO


def main():
    run_module(EXOTEL_TRUNK_DESTINATION_URI_INFO)


if __name__ == '__main__':
    main()
