#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Linkon locale check (ctest: locale-check).

Fails when
- a locale lacks a key of en-US, or has a key en-US does not have;
- a plural text (Key.one / Key.other …) lacks a form its language uses, or
  has one it does not use (CLDR categories, the same families as
  plugin/core/lk-plural.c);
- a text drops, adds or changes a placeholder (%1 %2 %3, %d %s %%, {name});
  only the zero/one/two forms of a plural text may leave the count out;
- Locale.Code is not the file's own name;
- a key the code uses (obs_module_text("…"), the sources' T_("…"), the docks'
  lk_text / tr / key tables, lk-msg.c's Msg.* table) is not in en-US;
- en-US's Msg.* texts differ from lk-msg.c's English templates.
"""
import os
import re
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
LOCALE_DIR = os.environ.get("LK_LOCALE_DIR") or os.path.join(ROOT, "locale")
PLURALS = ("zero", "one", "two", "few", "many", "other")
EXPECTED = ["en-US", "zh-CN", "zh-TW", "ja-JP", "ko-KR", "th-TH", "vi-VN", "id-ID", "ms-MY", "es-ES", "pt-BR",
            "ar-SA"]
KEY_PREFIXES = ("Common.", "Ticker.", "Goal.", "ProductCard.", "CartList.", "ProductDrop.", "Hotkey.", "FlashTimer.", "GiftAlerts.",
                "Dock.", "Msg.", "Locale.")
PLACEHOLDER = re.compile(r"%[1-9dsu%]|%lld|\{[a-z_]+\}")


def plural_forms(lang):
    """The categories lang's texts must have (mirrors lk_plural_uses)."""
    code = lang.split("-")[0].lower()
    if code in ("zh", "ja", "ko", "th", "vi", "id", "ms"):
        return {"other"}
    if code == "ar":
        return set(PLURALS)
    return {"one", "other"}


def parse(path):
    """key → value; fails on a line that is not key="value", a comment or blank."""
    out, errors = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#") or line.lstrip().startswith(";"):
                continue
            m = re.fullmatch(r'([A-Za-z0-9_.]+)="(.*)"', line)
            if not m:
                errors.append(f"{os.path.basename(path)}:{n}: not key=\"value\": {line!r}")
                continue
            key, value = m.group(1), m.group(2)
            if re.search(r'(?<!\\)"', value):
                errors.append(f"{os.path.basename(path)}:{n}: unescaped quote in {key}")
            if key in out:
                errors.append(f"{os.path.basename(path)}:{n}: {key} twice")
            out[key] = value
    return out, errors


def split_plural(key):
    base, _, cat = key.rpartition(".")
    return (base, cat) if cat in PLURALS and base else (None, None)


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def code_keys():
    """Every locale key the code names: string literals shaped like a key."""
    keys = set()
    lit = re.compile(r'"((?:%s)[A-Za-z0-9_.]*[A-Za-z0-9]|Linkon[A-Z][A-Za-z]+)"' %
                     "|".join(re.escape(p) for p in KEY_PREFIXES))
    for base, _, files in os.walk(os.path.join(ROOT, "plugin")):
        for name in files:
            if not name.endswith((".c", ".cpp", ".h", ".hpp")):
                continue
            with open(os.path.join(base, name), encoding="utf-8") as f:
                src = f.read()
            for m in lit.finditer(src):
                keys.add((m.group(1), name))
    return keys


def msg_table():
    """lk-msg.c: key → (english other, english one or None)."""
    with open(os.path.join(ROOT, "plugin", "core", "lk-msg.c"), encoding="utf-8") as f:
        src = f.read()
    body = src[src.index("static const struct msg_def defs"):]
    body = body[:body.index("};")]
    table = {}
    for inner in re.findall(r"\]\s*=\s*\{(.*?)\},\s*$", body, re.S | re.M):
        strs = re.findall(r'"((?:[^"\\]|\\.)*)"', inner)
        table[strs[1]] = (strs[2], strs[3] if len(strs) > 3 else None)
    return table


def check():
    """Every problem found, as text."""
    errors = []
    files = sorted(f[:-4] for f in os.listdir(LOCALE_DIR) if f.endswith(".ini"))
    for lang in EXPECTED:
        if lang not in files:
            errors.append(f"locale/{lang}.ini is missing")
    en, errs = parse(os.path.join(LOCALE_DIR, "en-US.ini"))
    errors += errs
    plain = {k for k in en if not split_plural(k)[0]}
    bases = {split_plural(k)[0] for k in en if split_plural(k)[0]}
    for b in bases:
        if f"{b}.other" not in en:
            errors.append(f"en-US: plural text {b} has no .other")

    for lang in files:
        texts, errs = parse(os.path.join(LOCALE_DIR, f"{lang}.ini"))
        errors += errs
        forms = plural_forms(lang)
        want = set(plain) | {f"{b}.{c}" for b in bases for c in forms}
        for k in sorted(want - set(texts)):
            errors.append(f"{lang}: lacks {k}")
        for k in sorted(set(texts) - want):
            errors.append(f"{lang}: stray key {k}")
        if texts.get("Locale.Code") != lang:
            errors.append(f"{lang}: Locale.Code is {texts.get('Locale.Code')!r}, not {lang!r}")
        for k in sorted(want & set(texts)):
            if not texts[k].strip():
                errors.append(f"{lang}: {k} is empty")
            base, cat = split_plural(k)
            ref = en[f"{base}.other"] if base else en[k]
            got, exp = placeholders(texts[k]), placeholders(ref)
            if base and cat in ("zero", "one", "two"):
                if any(got.count(p) > exp.count(p) for p in got):
                    errors.append(f"{lang}: {k} has placeholders {got}, en-US {exp}")
            elif got != exp:
                errors.append(f"{lang}: {k} has placeholders {got}, en-US has {exp}")

    for key, where in sorted(code_keys()):
        if key not in en and f"{key}.other" not in en:
            errors.append(f"{where}: key {key} is not in en-US")
    for key, (other, one) in sorted(msg_table().items()):
        unesc = lambda s: s.replace('\\"', '"')
        if one is None:
            if unesc(en.get(key, "")) != unesc(other):
                errors.append(f"en-US {key}={en.get(key)!r} differs from lk-msg.c {other!r}")
        elif unesc(en.get(f"{key}.other", "")) != unesc(other) or unesc(en.get(f"{key}.one", "")) != unesc(one):
            errors.append(f"en-US {key}.one/.other differ from lk-msg.c")

    return errors, len(files), len(en)


def self_test():
    """The check catches each kind of fault, made in a copy of the locales."""
    import shutil
    import tempfile
    global LOCALE_DIR
    real, failures = LOCALE_DIR, 0
    faults = [
        ("th-TH", lambda t: t.replace('Dock.Sale.Start=', 'Dock.Sale.Startx='), "lacks Dock.Sale.Start"),
        ("ja-JP", lambda t: t + 'Dock.NoSuchKey="x"\n', "stray key Dock.NoSuchKey"),
        ("ar-SA", lambda t: t.replace('Msg.SlotRange="الرقم %1 خارج النطاق (1-%2)"', 'Msg.SlotRange="الرقم خارج النطاق (1-%2)"'),
         "Msg.SlotRange has placeholders"),
        ("es-ES", lambda t: t.replace('ProductCard.OnlyLeft="Solo quedan %d"', 'ProductCard.OnlyLeft="Solo quedan %s"'),
         "ProductCard.OnlyLeft has placeholders"),
        ("pt-BR", lambda t: t.replace('{count} presentes', '{contagem} presentes'), "GiftAlerts.Gifts.other has"),
        ("es-ES", lambda t: t.replace('Dock.Gift.Gifts.one="%1 regalo"\n', ''), "lacks Dock.Gift.Gifts.one"),
        ("zh-CN", lambda t: t.replace('Dock.Gift.Gifts.other="%1 份礼物"', 'Dock.Gift.Gifts.other="%1 份礼物"\nDock.Gift.Gifts.one="%1 份礼物"'),
         "stray key Dock.Gift.Gifts.one"),
        ("ko-KR", lambda t: t.replace('Locale.Code="ko-KR"', 'Locale.Code="en-US"'), "Locale.Code"),
        ("vi-VN", lambda t: t.replace('Dock.Sale.Stop="Dừng sale"', 'Dock.Sale.Stop="Dừng "sale"'), "unescaped quote"),
    ]
    for lang, change, expect in faults:
        with tempfile.TemporaryDirectory() as tmp:
            for f in os.listdir(real):
                shutil.copy(os.path.join(real, f), tmp)
            path = os.path.join(tmp, f"{lang}.ini")
            with open(path, encoding="utf-8") as f:
                text = f.read()
            changed = change(text)
            if changed == text:
                print(f"FAIL: self-test: the fault for {expect!r} did not apply")
                failures += 1
                continue
            with open(path, "w", encoding="utf-8") as f:
                f.write(changed)
            LOCALE_DIR = tmp
            errors = check()[0]
            LOCALE_DIR = real
            if not any(expect in e and lang in e for e in errors):
                print(f"FAIL: self-test: {lang} with a fault, expected {expect!r}, got {errors}")
                failures += 1
    return failures, len(faults)


def main():
    if "--self-test" in sys.argv:
        failures, n = self_test()
        print(f"{n - failures} passed, {failures} failed")
        return 1 if failures else 0
    errors, num_files, num_keys = check()
    for e in errors:
        print("FAIL:", e)
    print(f"{num_files} locales, {num_keys} en-US keys checked")
    print(f"{0 if errors else 1} passed, {1 if errors else 0} failed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
