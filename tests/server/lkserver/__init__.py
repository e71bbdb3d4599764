# Linkon test server — a loopback HTTP/1.1 server for the tests.
# SPDX-License-Identifier: GPL-2.0-or-later
