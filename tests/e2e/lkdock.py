#!/usr/bin/env python3
# Linkon end-to-end tests: the Linkon dock seen on screen (X screenshots of
# OBS, xdotool): areas of one colour, the catalog rows, the connection bar's
# and the live rooms' status dots, clicks and keys. Shared by test_docks.py
# and test_rooms.py.
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import subprocess
import time

import lkpng
from lkobs import check

SLOT_BADGE = (0x6C, 0x5C, 0xE7)
CONNECTED_DOT = (0x2E, 0xB8, 0x5C)
OFF_DOT = (0x8A, 0x8F, 0x98)  # a live room switched off
ROOM_DOT_SIDE = 12  # the live rooms' dots (the connection bar's and the tab's are 10 px)
DOCK_X = 960  # the docks sit on the right of the main window


def runs_of(row, ch, target, x_from, width):
    """(first, last) x of the runs of pixels of exactly this colour."""
    runs, pos = [], x_from * ch
    while True:
        i = row.find(target, pos)
        if i < 0:
            return runs
        if i % ch:
            pos = i + 1
            continue
        x = i // ch
        end = x
        while end + 1 < width and row[(end + 1) * ch:(end + 1) * ch + 3] == target:
            end += 1
        runs.append((x, end))
        pos = (end + 1) * ch


def blobs(path, color, x_from):
    """Boxes (x0, y0, x1, y1) of the connected areas of exactly this colour
    right of x_from: each run of pixels on a row joins the areas of the runs
    it touches on the row above."""
    width, height, ch, rows = lkpng.read_png(path)
    target = bytes(color)
    parent, box = [], []  # per area: the area it was merged into, its bounds

    def root(i):
        while parent[i] != i:
            i = parent[i]
        return i

    prev = []
    for y in range(height):
        cur = []
        for a, b in runs_of(rows[y], ch, target, x_from, width):
            area = None
            for pa, pb, p in prev:
                p = root(p)
                if a > pb + 1 or b < pa - 1 or p == area:
                    continue
                if area is None:
                    area = p
                else:
                    parent[p] = area
                    x0, y0, x1, y1 = box[p]
                    bx0, by0, bx1, by1 = box[area]
                    box[area] = [min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)]
            if area is None:
                area = len(parent)
                parent.append(area)
                box.append([a, y, b, y])
            bx0, by0, bx1, _ = box[area]
            box[area] = [min(bx0, a), by0, max(bx1, b), y]
            cur.append((a, b, area))
        prev = cur
    return [tuple(box[i]) for i in range(len(parent)) if parent[i] == i]


def screen(obs, artifacts, name):
    path = os.path.join(artifacts, name)
    check(obs.screenshot(path), f"screenshot {name}")
    return path


def find_rows(path, x_from):
    """Cart-slot badges on screen, top to bottom (one per catalog row)."""
    found = [b for b in blobs(path, SLOT_BADGE, x_from) if b[2] - b[0] >= 12 and b[3] - b[1] >= 10]
    return sorted(found, key=lambda b: b[1])


def click(x, y):
    subprocess.run(["xdotool", "mousemove", "--sync", str(x), str(y), "click", "1"], check=True, timeout=20,
                   capture_output=True)
    time.sleep(0.4)


def click_until(point, probe, wait=3.0, attempts=3):
    """Clicks point until probe() is true (OBS may be slow on a busy
    machine): probes for wait seconds after each click."""
    for _ in range(attempts):
        click(*point)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if probe():
                return True
            time.sleep(0.3)
    return False


def centre(box):
    return (box[0] + box[2]) // 2, (box[1] + box[3]) // 2


def keys(*names):
    """Keys to the window that has the keyboard (a click gave it)."""
    subprocess.run(["xdotool", "key", "--delay", "80", *names], check=True, timeout=20, capture_output=True)
    time.sleep(0.3)


def room_dots(path, color):
    """The live rooms' dots of this colour on the rooms tab (below the tab bar)."""
    # the dot's exact colour fills about 10 of its 12 px (its edge is
    # anti-aliased); the 10 px dots of the bar and the tab fill 8
    return [b for b in blobs(path, color, DOCK_X) if ROOM_DOT_SIDE - 4 <= b[2] - b[0] <= ROOM_DOT_SIDE and
            ROOM_DOT_SIDE - 4 <= b[3] - b[1] <= ROOM_DOT_SIDE and b[1] > 180]


def wait_room_dot(obs, artifacts, color, what, timeout=20.0, name="e2e-docks-rooms.png"):
    """Screenshots (artifacts/name) until the rooms tab shows exactly one
    live room's dot of this colour: (its box, the screenshot)."""
    deadline, found = time.monotonic() + timeout, []
    while time.monotonic() < deadline and len(found) != 1:
        path = screen(obs, artifacts, name)
        found = room_dots(path, color)
        if len(found) != 1:
            time.sleep(0.5)
    check(len(found) == 1, f"{what} ({found})")
    return found[0], path


def connection_dot(path):
    """The connection bar's green dot (the top one: the live rooms' tab and
    rows have green dots too); checks there is one."""
    dots = [b for b in blobs(path, CONNECTED_DOT, DOCK_X) if b[2] - b[0] <= 12 and b[1] < 300]
    dots = sorted(dots, key=lambda b: b[1])[:1]
    check(len(dots) == 1, f"the connection bar shows a green dot ({dots})")
    return dots[0]


def small_dots(path, color):
    """The 10 px dots of this colour (the connection bar's, the Live rooms
    tab's: their exact colour fills about 8 px) in the dock's top part, top
    to bottom."""
    return sorted((b for b in blobs(path, color, DOCK_X) if b[2] - b[0] <= ROOM_DOT_SIDE - 4 and
                   b[3] - b[1] <= ROOM_DOT_SIDE - 4 and b[1] < 300), key=lambda b: b[1])


def wait_rooms_tab(obs, artifacts, name, color=CONNECTED_DOT, timeout=45.0):
    """The Live rooms tab on screen, wherever the tab bar is (its dot, the
    second small dot under the connection bar's): all the dock's tabs fit at
    its first-run width, none behind scroll arrows. Returns the dot's box."""
    deadline, dots = time.monotonic() + timeout, []
    while time.monotonic() < deadline and len(dots) < 2:
        dots = small_dots(screen(obs, artifacts, name), color)
        if len(dots) < 2:
            time.sleep(0.5)
    check(len(dots) >= 2, f"the Live rooms tab is on screen with its dot, not behind scroll arrows ({dots})")
    return dots[1]
