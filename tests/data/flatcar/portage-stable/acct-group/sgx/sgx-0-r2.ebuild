# Copyright 2021-2024 Gentoo Authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit acct-group

DESCRIPTION="System group: used for SGX enclaves"

ACCT_GROUP_ID=405
