#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: exotel_trunk_credential_info
short_description: List the SIP digest credentials of an Exotel SIP trunk
version_added: 1.0.0
description:
  - Returns every SIP digest credential of one trunk, reading all pages of Exotel's list. Passwords are never
    returned (Exotel does not return them).
  - Optionally narrows the list to one user name.
author:
  - exotel.trunking contributors (@exotel-trunking)
extends_documentation_fragment:
  - exotel.trunking.connection
  - exotel.trunking.trunk_sid
  - exotel.trunking.attributes.info_module
  - exotel.trunking.attributes.actiongroup_exotel
options:
  user_name:
    description:
      - Return only the credential with this user name. The result is then a list of zero or one credentials.
    type: str
seealso:
  - module: exotel.trunking.exotel_trunk_credential
'''

EXAMPLES = r'''
- name: List the credentials of a trunk
  exotel.trunking.exotel_trunk_credential_info:
    trunk_sid: trmum1f708622631150902801a1n
  register: creds

- name: Show the user names
  ansible.builtin.debug:
    msg: "{{ creds.credentials | map(attribute='user_name') | list }}"
'''

RETURN = r'''
credentials:
  description: The credentials, in the order Exotel lists them. Never contains a password.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Exotel's numeric ID of the credential (a string).
      type: str
      returned: always
      sample: "1234"
    user_name:
      description: The SIP digest user name.
      type: str
      returned: always
      sample: voice_ai_user
    friendly_name:
      description: The label of the credential, or V(null).
      type: str
      returned: always
      sample: voice_ai_platform
    trunk_sid:
      description: The trunk SID.
      type: str
      returned: always
      sample: trmum1f708622631150902801a1n
    date_created:
      description: When the credential was created (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
    date_updated:
      description: When the credential was last changed (ISO 8601, UTC).
      type: str
      returned: always
      sample: "2026-01-23T11:37:36Z"
'''

from ansible_collections.exotel.trunking.plugins.module_utils._module import run_module
from ansible_collections.exotel.trunking.plugins.module_utils._specs import EXOTEL_TRUNK_CREDENTIAL_INFO


def main():
    run_module(EXOTEL_TRUNK_CREDENTIAL_INFO)


if __name__ == '__main__':
    main()
