# Copyright 1999-2024 Gentoo Authors
# Distributed under the terms of the GNU General Public License v2

EAPI=8

inherit acct-group

DESCRIPTION="A group for sys-auth/sssd"

ACCT_GROUP_ID="543"
