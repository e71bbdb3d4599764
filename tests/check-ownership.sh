#!/usr/bin/env bash
# Linkon — one owner for each module object (docs/architecture-notes.md,
# "Who owns what"): fails, naming file:line, when code outside the owner
# reaches a module object through a global.
#
#   plugin/sources, plugin/frontend (sources, filters, hotkeys, obs-websocket,
#   docks):
#     - no lk_plugin_* call and no lk-plugin.h (the removed module globals);
#     - no file-scope variable holding a module object (struct lk_store,
#       lk_net, lk_alerts, lk_module, lk_controller…, plain or _Atomic):
#       sources get the module from their type data (lk_source_module),
#       the rest get a pointer at registration;
#     - no obs_module_file / obs_module_config_path / obs_get_module_data_path:
#       the module's folders are lk_module_data_path / lk_module_config_path.
#   plugin/net (connectors, the worker): no obs_module_config_path /
#     obs_get_module_data_path / obs_current_module: the controller passes
#     the paths in the settings ("config_dir", lk_connector_own_file).
#
# Usage: tests/check-ownership.sh [repo root]   (exit 0 = clean, 1 = found)
#        tests/check-ownership.sh --self-test   (proves each rule fires)
# SPDX-License-Identifier: GPL-2.0-or-later
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# check <root>: prints one line per finding, returns 1 when there is one
check() {
	local root="$1" found=0 out
	local edge=() net=()
	local d
	for d in plugin/sources plugin/frontend; do
		[ -d "$root/$d" ] && edge+=("$root/$d")
	done
	[ -d "$root/plugin/net" ] && net+=("$root/plugin/net")
	local inc=(--include='*.c' --include='*.h' --include='*.cpp' --include='*.hpp')

	if [ ${#edge[@]} -gt 0 ]; then
		# the removed module globals
		out="$(grep -rnE "${inc[@]}" '\blk_plugin_[a-z_]*|lk-plugin\.h' "${edge[@]}")"
		[ -n "$out" ] && { echo "$out" | sed 's/$/   <- a module global: take it from the module context/'; found=1; }
		# file-scope variables holding module objects: a line that starts at
		# column 0 (file scope), is a declaration of such a pointer and is no
		# function (no "(" before the name, except _Atomic's)
		out="$(grep -rnE "${inc[@]}" \
			'^(static[[:space:]]+|extern[[:space:]]+)?(const[[:space:]]+)?(_Atomic[[:space:]]*\([[:space:]]*)?(const[[:space:]]+)?struct[[:space:]]+lk_(store|net|alerts|module|controller[a-z_]*)[[:space:]]*\*[^(]*(;|=|\))' \
			"${edge[@]}" | grep -vE ':[0-9]+:[^;]*\([^)]*\)[[:space:]]*;?[[:space:]]*$' |
			grep -vE ':[0-9]+:[^(]*\*[[:space:]]*[a-z_0-9]+\(')"
		[ -n "$out" ] && { echo "$out" | sed 's/$/   <- a module object kept in a global/'; found=1; }
		out="$(grep -rnE "${inc[@]}" '\b(obs_module_file|obs_module_config_path|obs_get_module_data_path)[[:space:]]*\(' "${edge[@]}")"
		[ -n "$out" ] && { echo "$out" | sed 's/$/   <- use lk_module_config_path \/ lk_module_data_path/'; found=1; }
	fi
	if [ ${#net[@]} -gt 0 ]; then
		out="$(grep -rnE "${inc[@]}" '\b(obs_module_file|obs_module_config_path|obs_get_module_data_path|obs_current_module)[[:space:]]*\(' "${net[@]}")"
		[ -n "$out" ] && { echo "$out" | sed 's/$/   <- a connector gets its paths in its settings (lk_connector_own_file)/'; found=1; }
	fi
	return $found
}

# Each rule must fire on a bad file and stay quiet on the good one.
self_test() {
	local tmp rc=0
	tmp="$(mktemp -d)"
	trap 'rm -rf "$tmp"' RETURN
	mkdir -p "$tmp/plugin/sources" "$tmp/plugin/frontend/dock" "$tmp/plugin/net"
	cat >"$tmp/plugin/sources/good.c" <<'EOF'
#include "lk-source-common.h"
struct lk_store *lk_source_store(obs_source_t *source);
static struct lk_snapshot *snap_of(struct lk_store *store);
static void tick(void *data, float s)
{
	struct lk_store *store = lk_source_store(((struct x *)data)->source);
}
EOF
	cat >"$tmp/plugin/net/good.c" <<'EOF'
char *path = lk_connector_own_file(s, "journal_path", "journal.json");
EOF
	if ! check "$tmp" >/dev/null; then
		echo "check-ownership self-test: a clean tree was refused:"
		check "$tmp"
		rc=1
	fi
	local bad
	for bad in \
		'plugin/sources/b1.c|	struct lk_store *store = lk_plugin_store();' \
		'plugin/frontend/b2.c|#include "lk-plugin.h"' \
		'plugin/frontend/b3.c|static struct lk_store *ws_store; /* a copy */' \
		'plugin/sources/b4.c|static _Atomic(struct lk_alerts *) pub_alerts;' \
		'plugin/frontend/dock/b5.cpp|static const struct lk_module *the_module = nullptr;' \
		'plugin/sources/b6.c|struct lk_net *shared_net;' \
		'plugin/frontend/b7.c|	char *dir = obs_module_config_path("cache");' \
		'plugin/net/b8.c|	c->path = obs_module_config_path("journal.json");' \
		'plugin/sources/b9.c|	char *path = obs_module_file("effects/x.effect");'; do
		local file="${bad%%|*}" line="${bad#*|}"
		printf '%s\n' "$line" >"$tmp/$file"
		local out
		out="$(check "$tmp")"
		if [ $? -eq 0 ] || ! grep -q "$file:1:" <<<"$out"; then
			echo "check-ownership self-test: not caught: $file: $line"
			rc=1
		fi
		rm -f "${tmp:?}/$file"
	done
	[ $rc -eq 0 ] && echo "check-ownership self-test: ok (9 bad files caught, the clean tree passes)"
	return $rc
}

if [ "${1:-}" = "--self-test" ]; then
	self_test
	exit $?
fi

ROOT="${1:-$(cd "$HERE/.." && pwd)}"
if check "$ROOT"; then
	echo "check-ownership: ok (no module globals in plugin/sources, plugin/frontend, plugin/net)"
	exit 0
fi
echo "check-ownership: FAILED (see docs/architecture-notes.md, \"Who owns what\")"
exit 1
