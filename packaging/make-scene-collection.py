#!/usr/bin/env python3
# Linkon — writes the "Linkon Demo" scene collection and the "Linkon" profile
# into an OBS Studio 29 config dir, and makes them current in global.ini.
#
#   python3 packaging/make-scene-collection.py [--config-dir DIR] [--reset]
#
# DIR defaults to ${XDG_CONFIG_HOME:-~/.config}/obs-studio.
# - basic/scenes/Linkon_Demo.json: written when missing; an existing one (the
#   user may have edited it) is kept unless --reset, which backs it up first.
# - basic/profiles/Linkon/basic.ini: only the [General] Name and [Video] canvas
#   keys are set, every other key (stream settings, …) is kept.
# - global.ini: only the keys below are set, every other line is kept.
# No tokens or secrets are written anywhere.
# Python 3 standard library only.
# SPDX-License-Identifier: GPL-2.0-or-later
import argparse
import json
import os
import shutil
import sys
import time

COLLECTION = "Linkon Demo"
COLLECTION_FILE = "Linkon_Demo"
PROFILE = "Linkon"
SCENE = "Live Selling"
CANVAS_W, CANVAS_H = 1280, 720
# LIBOBS_API_VER of OBS 29.0.2, what OBS 29 itself writes as "prev_ver"
PREV_VER = (29 << 24) | (0 << 16) | 2

# enum obs_bounds_type and the OBS_ALIGN_* flags (obs.h, obs-defs.h)
BOUNDS_NONE, BOUNDS_SCALE_TO_WIDTH, BOUNDS_MAX_ONLY = 0, 4, 6
ALIGN_LEFT, ALIGN_RIGHT, ALIGN_TOP, ALIGN_BOTTOM = 1, 2, 4, 8


def abgr(rgb, alpha=0xFF):
    """OBS colours are 0xAABBGGRR integers."""
    r, g, b = (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF
    return (alpha << 24) | (b << 16) | (g << 8) | r


def source(versioned_id, name, settings):
    """One entry of "sources", with every field OBS 29 writes.

    OBS writes the unversioned id ("color_source") as "id" and the real one
    ("color_source_v3") as "versioned_id", which is what it loads by.
    """
    source_id = versioned_id
    for suffix in ("_v2", "_v3"):
        if source_id.endswith(suffix):
            source_id = source_id[: -len(suffix)]
    return {
        "balance": 0.5,
        "deinterlace_field_order": 0,
        "deinterlace_mode": 0,
        "enabled": True,
        "flags": 0,
        "hotkeys": {},
        "id": source_id,
        "mixers": 0,
        "monitoring_type": 0,
        "muted": False,
        "name": name,
        "prev_ver": PREV_VER,
        "private_settings": {},
        "push-to-mute": False,
        "push-to-mute-delay": 0,
        "push-to-talk": False,
        "push-to-talk-delay": 0,
        "settings": settings,
        "sync": 0,
        "versioned_id": versioned_id,
        "volume": 1.0,
    }


def item(name, item_id, pos, align=ALIGN_LEFT | ALIGN_TOP, bounds_type=BOUNDS_NONE, bounds=(0.0, 0.0)):
    """One scene item, as OBS 29's scene_save_item writes it."""
    return {
        "align": align,
        "blend_method": "default",
        "blend_type": "normal",
        "bounds": {"x": float(bounds[0]), "y": float(bounds[1])},
        "bounds_align": align,
        "bounds_type": bounds_type,
        "crop_bottom": 0,
        "crop_left": 0,
        "crop_right": 0,
        "crop_top": 0,
        "group_item_backup": False,
        "hide_transition": {"duration": 0},
        "id": item_id,
        "locked": False,
        "name": name,
        "pos": {"x": float(pos[0]), "y": float(pos[1])},
        "private_settings": {},
        "rot": 0.0,
        "scale": {"x": 1.0, "y": 1.0},
        "scale_filter": "disable",
        "show_transition": {"duration": 0},
        "visible": True,
    }


def inputs():
    """The inputs of the demo scene, bottom to top."""
    margin = 40
    return [
        (source("color_source_v3", "Background", {"color": abgr(0x15122B), "width": CANVAS_W, "height": CANVAS_H}),
         dict(pos=(0, 0))),
        (source("color_source_v3", "Background glow",
                {"color": abgr(0x6A2C8C, 0x38), "width": CANVAS_W, "height": CANVAS_H // 2}),
         dict(pos=(0, CANVAS_H // 2))),
        (source("text_ft2_source_v2", "Title", {
            "text": "LIVE  \u00b7  Linkon demo shop",
            "font": {"face": "Noto Sans", "size": 44, "style": "Bold", "flags": 1},
            "color1": abgr(0xFFFFFF), "color2": abgr(0xFFFFFF),
            "drop_shadow": True,
        }), dict(pos=(margin, margin))),
        # the pinned product, bottom-left, scaled to exactly 640 px wide
        (source("linkon_product_card", "Pinned product", {}),
         dict(pos=(margin, CANVAS_H - margin), align=ALIGN_LEFT | ALIGN_BOTTOM,
              bounds_type=BOUNDS_SCALE_TO_WIDTH, bounds=(640, 400))),
        # the cart, top-right at its own size (about 520x330 with 5 rows); shrunk
        # only if it gets larger than the space above the product card
        (source("linkon_cart_list", "Live cart", {}),
         dict(pos=(CANVAS_W - margin, margin), align=ALIGN_RIGHT | ALIGN_TOP,
              bounds_type=BOUNDS_MAX_ONLY, bounds=(560, 340))),
        # the gift alerts (the demo shop sends gifts), under the title; the
        # canvas leaves room for a huge gift (150 %) and its combo counter
        (source("linkon_gift_alerts", "Gift alerts", {}),
         dict(pos=(margin, 120), bounds_type=BOUNDS_MAX_ONLY, bounds=(700, 200))),
    ]


def collection():
    srcs, items = [], []
    for n, (src, placement) in enumerate(inputs(), start=1):
        srcs.append(src)
        items.append(item(src["name"], n, **placement))
    scene = source("scene", SCENE, {"custom_size": False, "id_counter": len(items), "items": items})
    scene["hotkeys"] = {"OBSBasic.SelectScene": []}
    return {
        "current_program_scene": SCENE,
        "current_scene": SCENE,
        "current_transition": "Fade",
        "groups": [],
        "modules": {},
        "name": COLLECTION,
        "preview_locked": False,
        # the three quick transitions a new OBS 29 collection starts with
        "quick_transitions": [
            {"duration": 300, "fade_to_black": False, "hotkeys": [], "id": 1, "name": "Cut"},
            {"duration": 300, "fade_to_black": False, "hotkeys": [], "id": 2, "name": "Fade"},
            {"duration": 300, "fade_to_black": True, "hotkeys": [], "id": 3, "name": "Fade"},
        ],
        "saved_projectors": [],
        "scaling_enabled": False,
        "scaling_level": 0,
        "scaling_off_x": 0.0,
        "scaling_off_y": 0.0,
        "scene_order": [{"name": SCENE}],
        "sources": [scene] + srcs,
        "transition_duration": 300,
        "transitions": [],
    }


def write_atomic(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = path + ".part"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def ini_set(path, values):
    """Set section/key pairs in an OBS ini file, keeping every other line.

    values: {section: {key: value}}. Missing sections are appended, missing keys
    are added at the end of their section. Keys compare case-sensitively, as
    OBS's config_get_* do.
    """
    lines = []
    if os.path.exists(path):
        with open(path, encoding="utf-8-sig", errors="surrogateescape") as f:
            lines = f.read().splitlines()
    todo = {s: dict(kv) for s, kv in values.items()}
    out, section = [], None

    def flush(sec):
        # add the keys of `sec` that were not found, before any blank tail
        pending = todo.get(sec)
        if not pending:
            return
        at = len(out)
        while at > 0 and not out[at - 1].strip():
            at -= 1
        out[at:at] = ["%s=%s" % (k, v) for k, v in pending.items()]
        pending.clear()

    for line in lines:
        s = line.strip()
        if s.startswith("[") and s.endswith("]"):
            flush(section)
            section = s[1:-1]
        elif section in todo and "=" in s:
            key = s.split("=", 1)[0].strip()
            if key in todo[section]:
                line = "%s=%s" % (key, todo[section].pop(key))
        out.append(line)
    flush(section)
    for sec, pending in todo.items():
        if pending:
            if out and out[-1].strip():
                out.append("")
            out.append("[%s]" % sec)
            out.extend("%s=%s" % (k, v) for k, v in pending.items())
    write_atomic(path, "\n".join(out) + "\n")


def ini_get(path, section, key):
    if not os.path.exists(path):
        return None
    cur = None
    with open(path, encoding="utf-8-sig", errors="surrogateescape") as f:
        for line in f:
            s = line.strip()
            if s.startswith("[") and s.endswith("]"):
                cur = s[1:-1]
            elif cur == section and "=" in s and s.split("=", 1)[0].strip() == key:
                return s.split("=", 1)[1].strip()
    return None


def write_collection(cfg, reset):
    path = os.path.join(cfg, "basic", "scenes", COLLECTION_FILE + ".json")
    if os.path.exists(path):
        if not reset:
            print("linkon: keeping your scene collection %s (--reset to recreate it)" % path)
            return path
        backup = "%s.%s.bak" % (path, time.strftime("%Y%m%d-%H%M%S"))
        shutil.copy2(path, backup)
        print("linkon: backed up %s to %s" % (path, backup))
    write_atomic(path, json.dumps(collection(), indent=4, sort_keys=True) + "\n")
    print("linkon: wrote scene collection \"%s\": %s" % (COLLECTION, path))
    return path


def write_profile(cfg):
    path = os.path.join(cfg, "basic", "profiles", PROFILE, "basic.ini")
    ini_set(path, {
        "General": {"Name": PROFILE},
        "Video": {"BaseCX": CANVAS_W, "BaseCY": CANVAS_H, "OutputCX": CANVAS_W, "OutputCY": CANVAS_H,
                  "FPSType": 0, "FPSCommon": 30},
    })
    print("linkon: profile \"%s\" (%dx%d, 30 fps): %s" % (PROFILE, CANVAS_W, CANVAS_H, path))


def write_global(cfg):
    path = os.path.join(cfg, "global.ini")
    values = {}
    # FirstRun=true skips OBS's first-run auto-configuration wizard, which would
    # wait for a click; OBS sets it itself after the first start anyway.
    if ini_get(path, "General", "FirstRun") != "true":
        values["General"] = {"FirstRun": "true"}
    values["Basic"] = {"SceneCollection": COLLECTION, "SceneCollectionFile": COLLECTION_FILE,
                       "Profile": PROFILE, "ProfileDir": PROFILE}
    ini_set(path, values)
    print("linkon: made \"%s\" and profile \"%s\" current in %s" % (COLLECTION, PROFILE, path))


def main():
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    ap = argparse.ArgumentParser(description="Create the Linkon Demo scene collection for OBS Studio 29.")
    ap.add_argument("--config-dir", default=os.path.join(xdg, "obs-studio"), help="OBS config dir")
    ap.add_argument("--reset", action="store_true", help="recreate the collection (the old one is backed up)")
    ap.add_argument("--print", action="store_true", help="print the collection JSON and exit")
    args = ap.parse_args()
    if args.print:
        json.dump(collection(), sys.stdout, indent=4, sort_keys=True)
        print()
        return 0
    write_collection(args.config_dir, args.reset)
    write_profile(args.config_dir)
    write_global(args.config_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
