# -*- coding: utf-8 -*-
# Copyright (c) 2026, exotel.trunking contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function
__metaclass__ = type


class ModuleDocFragment(object):

    # Connection options shared by every exotel.trunking module
    DOCUMENTATION = r'''
options:
  account_sid:
    description:
      - The Exotel account SID (the account slug in every API path, for example V(ameyo5m)).
      - If not set, the value of the E(EXOTEL_ACCOUNT_SID) environment variable is used.
      - Environment variables are read on the host that runs the module, usually the controller (V(localhost)).
    type: str
    required: true
  api_key:
    description:
      - The API key from the Exotel dashboard (API settings). Sent as the HTTP Basic user name.
      - If not set, the value of the E(EXOTEL_API_KEY) environment variable is used.
    type: str
    required: true
  api_token:
    description:
      - The API token that belongs to O(api_key). Sent as the HTTP Basic password, never in a URL, and never
        printed or returned.
      - If not set, the value of the E(EXOTEL_API_TOKEN) environment variable is used.
    type: str
    required: true
  region:
    description:
      - The Exotel cluster the account was created in. Credentials only work against their own cluster;
        the other cluster answers HTTP 401 as if they were wrong.
      - V(singapore) uses C(https://api.exotel.com), V(mumbai) uses C(https://api.in.exotel.com).
      - Ignored when O(api_url) is set.
      - If not set, the value of the E(EXOTEL_REGION) environment variable is used.
    type: str
    choices: [singapore, mumbai]
    default: singapore
  api_url:
    description:
      - Base URL of the API, C(scheme://host[:port]) with an optional path prefix. Overrides O(region).
      - Meant for proxies and test doubles; C(http://) is allowed. It must not carry credentials, a query or a fragment.
      - If not set, the value of the E(EXOTEL_API_URL) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the server's TLS certificate. Set to V(false) only for a trusted test endpoint.
    type: bool
    default: true
  timeout:
    description:
      - Seconds to wait for each HTTP request (connect and read). Must be greater than 0.
    type: float
    default: 30
  max_retries:
    description:
      - How many times to retry a request that failed with HTTP 429, 502, 503, 504 or a connection error,
        waiting as long as the C(Retry-After) header asks (at most 60 seconds) or with exponential backoff.
        Each retry is reported as a warning.
      - Writes are never repeated blindly. A write is resent only when the server cannot have acted on it
        (HTTP 429, or no connection). When a write's answer is lost, the module re-reads the state and
        writes again only if the change is not there.
      - V(0) disables retries.
    type: int
    default: 5
  requests_per_minute:
    description:
      - The request budget, as a rolling one-minute window, for this API host and O(account_sid). Exotel allows 200
        requests per minute per account on the trunk APIs.
      - The budget is shared by every task, fork, loop item and C(ansible-playbook) process of the same user on the
        host that sends the requests (usually the controller), through a small locked ledger file in a directory only
        that user can read (E(EXOTEL_TRUNKING_BUDGET_DIR), else C($XDG_RUNTIME_DIR/exotel.trunking), else
        C(~/.cache/exotel.trunking)). Ten forks together therefore stay within the budget instead of each using it whole.
      - The module also honours Exotel's C(X-RateLimit-Remaining) and C(X-RateLimit-Reset) headers (it waits before a
        429 rather than after it), and a C(Retry-After) seen by one process holds back the others.
      - V(0) turns pacing off; server hints and C(Retry-After) are still honoured.
    type: int
    default: 200
notes:
  - Proxies are taken from the usual E(HTTPS_PROXY), E(HTTP_PROXY) and E(NO_PROXY) environment variables.
requirements:
  - requests >= 2.25.0
'''
