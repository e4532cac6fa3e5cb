#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_whitelisted_ip_info
short_description: List the whitelisted IP addresses (ACL) of an Exotel SIP trunk
version_added: 1.0.0
description:
  - Returns every whitelisted IP entry of one trunk, reading all pages of Exotel's list.
  - Optionally narrows the list to one address.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes.info_module
  - exotel.trunking.attributes.actiongroup_exotel
options:
  ip:
    description:
      - Return only the entry for this IPv4 address (for example V(44.248.146.11)). The result is then a list of
        zero or one entries.
    type: str
seealso:
  - module: exotel.trunking.exotel_trunk_whitelisted_ip
'''

EXAMPLES = r'''
- name: List the whitelist of a trunk
  exotel.trunking.exotel_trunk_whitelisted_ip_info:
    trunk_sid: trmum1f708622631150902801a1n
  register: acl

- name: Show the whitelisted addresses
  ansible.builtin.debug:
    msg: "{{ acl.whitelisted_ips | map(attribute='ip') | list }}"

- name: Is one address whitelisted?
  exotel.trunking.exotel_trunk_whitelisted_ip_info:
    trunk_sid: trmum1f708622631150902801a1n
    ip: 44.248.146.11
  register: one
'''

RETURN = r'''
whitelisted_ips:
  description: The entries, in the order Exotel lists them (newest first).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Exotel's numeric ID of the entry (a string).
      type: str
      returned: always
      sample: "1154"
    ip:
      description: The IPv4 address.
      type: str
      returned: always
      sample: 44.248.146.11
    mask:
      description: The CIDR prefix length.
      type: int
      returned: always
      sample: 32
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    friendly_name:
      description: Exotel's friendly name of the entry (V(null) in every documented example).
      type: str
      returned: always
      sample: null
    date_created:
      description: When the entry was created (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
    date_updated:
      description: When the entry was last changed (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_WHITELISTED_IP_INFO


def main():
    run_module(EXOTEL_TRUNK_WHITELISTED_IP_INFO)


if __name__ == '__main__':
    main()
