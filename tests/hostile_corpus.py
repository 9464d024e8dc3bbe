"""A generated corpus of broken and hostile inputs, with valid articles mixed in (tests/test_hostile.py).

``build_corpus(root)`` writes well over 1,000 entries under ``root``, deterministic for a seed:
binary junk named ``.html``, empty and blank files, truncated UTF-8, Latin-1/CP1252/UTF-16 with and
without byte order marks, undecodable bytes, text in eight other languages, 100 MB+ sparse files,
deeply nested HTML and JSON, JSON Lines cut mid-line and with a 70 MB line, JSON of the wrong
shape, CSV with broken quoting, gzip/xz bombs, corrupt and truncated archives, broken WARC files,
symbolic link loops, broken links, unreadable files, named pipes and hostile file names.  Among
them are valid short English articles in several formats and encodings, some also copied.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import os
import random
import zlib
from dataclasses import dataclass, field
from pathlib import Path

PAIRS = [
    ("Chile", "Peru", "Lima"),
    ("Norway", "Sweden", "Oslo"),
    ("Kenya", "Tanzania", "Nairobi"),
    ("Brazil", "Argentina", "Brasilia"),
    ("Japan", "South Korea", "Tokyo"),
    ("India", "Bangladesh", "New Delhi"),
    ("Egypt", "Jordan", "Cairo"),
    ("Poland", "Lithuania", "Warsaw"),
    ("Canada", "Mexico", "Ottawa"),
    ("Ghana", "Nigeria", "Accra"),
    ("Vietnam", "Laos", "Hanoi"),
    ("Morocco", "Tunisia", "Rabat"),
    ("Austria", "Hungary", "Vienna"),
    ("Colombia", "Ecuador", "Bogota"),
    ("Finland", "Estonia", "Helsinki"),
    ("Thailand", "Cambodia", "Bangkok"),
    ("Greece", "Cyprus", "Athens"),
    ("Senegal", "Gambia", "Dakar"),
    ("Portugal", "Spain", "Lisbon"),
    ("Indonesia", "Malaysia", "Jakarta"),
    ("Uruguay", "Paraguay", "Montevideo"),
    ("Ireland", "Iceland", "Dublin"),
    ("Qatar", "Oman", "Doha"),
    ("Romania", "Moldova", "Bucharest"),
    ("Zambia", "Malawi", "Lusaka"),
    ("Bolivia", "Venezuela", "La Paz"),
    ("Denmark", "Latvia", "Copenhagen"),
    ("Nepal", "Bhutan", "Kathmandu"),
    ("Croatia", "Slovenia", "Zagreb"),
    ("Mongolia", "Kazakhstan", "Ulaanbaatar"),
    ("Belgium", "Luxembourg", "Brussels"),
    ("Rwanda", "Uganda", "Kigali"),
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]

FOREIGN = {
    "de": "Die Außenminister der beiden Länder trafen sich am Montag in der Hauptstadt und vereinbarten, "
    "die Grenze wieder zu öffnen. Die Gespräche sollen im nächsten Monat fortgesetzt werden, sagte "
    "ein Sprecher des Ministeriums. Beide Seiten begrüßten die Einigung über den Handel.",
    "fr": "Les ministres des affaires étrangères des deux pays se sont rencontrés lundi dans la capitale "
    "et ont convenu de rouvrir la frontière. Les discussions reprendront le mois prochain, a déclaré "
    "un porte-parole du ministère. Les deux parties ont salué l'accord sur le commerce.",
    "es": "Los ministros de asuntos exteriores de ambos países se reunieron el lunes en la capital y "
    "acordaron reabrir la frontera. Las conversaciones continuarán el próximo mes, dijo un portavoz "
    "del ministerio. Ambas partes celebraron el acuerdo sobre el comercio.",
    "ru": "Министры иностранных дел двух стран встретились в понедельник в столице и договорились "
    "вновь открыть границу. Переговоры продолжатся в следующем месяце, сообщил представитель "
    "министерства. Обе стороны приветствовали соглашение о торговле.",
    "zh": "两国外交部长周一在首都会晤，同意重新开放边界。外交部发言人说，会谈将于下个月继续。双方对贸易协议表示欢迎。",
    "ar": "التقى وزيرا خارجية البلدين يوم الاثنين في العاصمة واتفقا على إعادة فتح الحدود. وقال متحدث "
    "باسم الوزارة إن المحادثات ستستأنف الشهر المقبل. ورحب الجانبان بالاتفاق التجاري.",
    "ja": "両国の外相は月曜日に首都で会談し、国境を再開することで合意した。外務省の報道官によると、"
    "協議は来月も続けられる。双方は貿易に関する合意を歓迎した。",
    "tr": "İki ülkenin dışişleri bakanları pazartesi günü başkentte bir araya gelerek sınırı yeniden "
    "açma konusunda anlaştı. Bakanlık sözcüsü görüşmelerin gelecek ay devam edeceğini söyledi. "
    "Her iki taraf da ticaret anlaşmasını memnuniyetle karşıladı.",
}


def english_article(index: int) -> tuple[str, str]:
    """A short valid English article and a phrase that appears in it only."""
    a, b, city = PAIRS[index]
    day = WEEKDAYS[index % len(WEEKDAYS)]
    marker = f"{a} and {b}"
    text = (
        f"{a} and {b} agree to reopen border crossings\n\n"
        f"The foreign ministers of {marker} met in {city} on {day} and agreed to reopen the border "
        f"crossings that have been closed since the spring. The two ministers also said that their "
        f"governments would hold further talks on trade and energy before the end of the year.\n"
    )
    return text, marker


@dataclass
class Corpus:
    root: Path
    #: every entry the walk meets (files, links, pipes), as the CLI names it
    entries: list[Path] = field(default_factory=list)
    #: marker phrase of each valid article -> the files that hold it (copies included)
    valid: dict[str, list[Path]] = field(default_factory=dict)
    #: entries by class, for the report
    classes: dict[str, int] = field(default_factory=dict)

    def add(self, cls: str, path: Path) -> Path:
        self.entries.append(path)
        self.classes[cls] = self.classes.get(cls, 0) + 1
        return path


def _write(corpus: Corpus, cls: str, name: str, data: bytes | str) -> Path:
    path = corpus.root / cls / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return corpus.add(cls, path)


def _sparse(corpus: Corpus, cls: str, name: str, size: int, prefix: bytes = b"") -> Path:
    path = corpus.root / cls / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.write(prefix)
        handle.truncate(size)
    return corpus.add(cls, path)


def _bomb(compress: str, size: int) -> bytes:
    """``size`` bytes of repeated text, compressed: a tiny file that expands enormously."""
    chunk = b"the " * (1 << 18)  # 1 MiB
    if compress == "xz":
        lz = lzma.LZMACompressor(preset=1)
        return b"".join([*(lz.compress(chunk) for _ in range(size >> 20)), lz.flush()])
    z = zlib.compressobj(9, zlib.DEFLATED, 31)  # gzip container
    return b"".join([*(z.compress(chunk) for _ in range(size >> 20)), z.flush()])


def build_corpus(root: Path, seed: int = 11) -> Corpus:
    rng = random.Random(seed)
    corpus = Corpus(root)

    # -- valid articles: 32 distinct texts, in several formats and encodings -----------------------
    for index in range(len(PAIRS)):
        text, marker = english_article(index)
        fmt = index % 8
        if fmt == 0:
            path = _write(corpus, "valid", f"article_{index:02d}.html",
                          f"<html><head><title>{text.splitlines()[0]}</title></head><body><article>"
                          + "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:]) + "</article></body></html>")  # fmt: skip
        elif fmt == 1:
            path = _write(corpus, "valid", f"article_{index:02d}.txt", text.encode("cp1252"))
        elif fmt == 2:
            path = _write(corpus, "valid", f"article_{index:02d}.txt", text.encode("utf-16"))  # with BOM
        elif fmt == 3:
            path = _write(corpus, "valid", f"article_{index:02d}.txt", text.encode("utf-16-le"))  # no BOM
        elif fmt == 4:
            path = _write(corpus, "valid", f"article_{index:02d}.txt.gz", gzip.compress(text.encode()))
        elif fmt == 5:
            path = _write(corpus, "valid", f"article_{index:02d}.jsonl", json.dumps({"text": text}) + "\n")
        elif fmt == 6:
            path = _write(corpus, "valid", f"[bold]article_{index:02d}[/].txt", text)  # rich markup in a name
        else:
            path = _write(corpus, "valid", f"article_{index:02d}.txt", "\ufeff" + text)
        corpus.valid[marker] = [path]
    # copies of valid articles: one stored article each, the copies are DUPLICATE skips
    for index in range(0, len(PAIRS), 4):
        text, marker = english_article(index)
        corpus.valid[marker].append(_write(corpus, "copies", f"copy_{index:02d}.txt", text))

    junk = rng.randbytes

    # -- binary junk, empty, blank ------------------------------------------------------------------
    for i in range(150):
        _write(corpus, "junk", f"junk_{i:03d}.html", junk(rng.randrange(16, 4096)))
    for i, ext in enumerate([".txt", ".html", ".jsonl", ".json", ".csv", ".tsv"] * 8):
        _write(corpus, "empty", f"empty_{i:02d}{ext}", b"")
        _write(
            corpus, "blank", f"blank_{i:02d}{ext}", rng.choice([" ", "\n\n\n", "\t \r\n", "\u00a0\u3000\n"])
        )
    for i in range(20):
        _write(corpus, "nul", f"nul_{i:02d}.txt", b"The minister said\x00\x00\x00" * rng.randrange(1, 300))

    # -- encodings ----------------------------------------------------------------------------------
    languages = list(FOREIGN)
    for i in range(60):
        language = languages[i % len(languages)]
        text = FOREIGN[language]
        encoding = ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "cp1252", "latin-1"][i % 6]
        try:
            data = text.encode(encoding)
        except UnicodeEncodeError:
            data = text.encode("utf-8")
        _write(corpus, "encodings", f"{language}_{i:02d}.txt", data)
    for i in range(40):  # UTF-8 cut inside a multi-byte character
        data = FOREIGN[languages[i % len(languages)]].encode("utf-8")
        cut = rng.randrange(10, len(data))
        while cut < len(data) and (data[cut] & 0xC0) != 0x80:
            cut += 1
        _write(corpus, "truncated_utf8", f"cut_{i:02d}.txt", data[:cut])
    for i in range(60):  # bytes that no text encoding explains
        data = bytes(rng.choice(range(0x80, 0x100)) for _ in range(rng.randrange(50, 3000)))
        _write(corpus, "undecodable", f"undecodable_{i:02d}.txt", data)

    # -- other languages ----------------------------------------------------------------------------
    for i in range(150):
        language = languages[i % len(languages)]
        sentences = FOREIGN[language].split(". ")
        rng.shuffle(sentences)
        ext = [".txt", ".html"][i % 2]
        body = ". ".join(sentences)
        data = body if ext == ".txt" else f"<html><body><article><p>{body}</p></article></body></html>"
        _write(corpus, "foreign", f"{language}_{i:02d}{ext}", data)

    # -- sizes --------------------------------------------------------------------------------------
    _sparse(corpus, "huge", "huge_page.html", 101 * 1024 * 1024, b"<html><body><p>")
    _sparse(corpus, "huge", "huge_text.txt", 120 * 1024 * 1024, b"The minister said ")
    _sparse(corpus, "huge", "one_line.jsonl", 100 * 1024 * 1024, b'{"text": "')
    line_path = corpus.root / "huge" / "long_line_between_rows.jsonl"
    with line_path.open("wb") as handle:  # row, a 70 MB line, row: both rows are read
        handle.write((json.dumps({"text": FOREIGN["de"]}) + "\n").encode())
        handle.write(b'{"text": "')
        handle.seek(70 * 1024 * 1024, os.SEEK_CUR)
        handle.write(b'"}\n' + (json.dumps({"text": FOREIGN["fr"]}) + "\n").encode())
    corpus.add("huge", line_path)

    # -- nesting ------------------------------------------------------------------------------------
    for i, depth in enumerate([300, 1000, 5000, 20000, 100000] * 6):
        tag = ["div", "span", "b", "font", "section", "table"][i % 6]
        html = "<html><body>" + f"<{tag}>" * depth + "<p>deep</p>"
        _write(corpus, "deep", f"deep_{i:02d}.html", html + (f"</{tag}>" * depth if i % 2 else ""))
    for i, depth in enumerate([2000, 100000] * 5):
        _write(corpus, "deep", f"deep_{i:02d}.json", "[" * depth + "]" * depth)
        _write(corpus, "deep", f"deep_{i:02d}.jsonl", '{"text": ' + "[" * depth + "\n")

    # -- JSON Lines cut in half, JSON and CSV of the wrong shape ------------------------------------
    for i in range(100):
        rows = [
            json.dumps({"text": FOREIGN[languages[(i + k) % len(languages)]], "id": f"r{k}"})
            for k in range(3)
        ]
        cut_row = rows[1][: rng.randrange(1, len(rows[1]) - 1)]
        tail = "" if i % 3 else "\n"
        _write(
            corpus,
            "jsonl_cut",
            f"cut_{i:02d}.jsonl",
            "\n".join([rows[0], cut_row, rows[2][: len(rows[2]) // 2]]) + tail,
        )
    bad_json = ["[1, 2, 3]", '{"text": 5}', '{"text": "', '{"html": null}', "null", '"a string"', "[]",
                '{"text": "x", "published": "yesterday"}', '[{"text": "\\ud800"}]', "{" * 50, "1e999999",
                '{"text": "ok"}{"text": "two"}', '{"text": "x", "published": "[/bold]"}', '{"title": "\\u0000\\ud83d"}', "NaN", "[" + "{}," * 1000 + "{}]"]  # fmt: skip
    for i in range(60):
        _write(corpus, "json_bad", f"bad_{i:02d}.json", bad_json[i % len(bad_json)])
    bad_csv = ['text,title\n"unterminated quote,x\nmore', "title,url\nno text column,x\n", "text\n\x00\x00\n",
               'text\n"a""b""\n', "text,title\n" + "a," * 10000 + "\n", '\ufefftext\n"' + "x" * 5000,
               "text;title\nsemicolons;are not commas\n", 'html\n"<div>' + "<div>" * 500 + '"\n']  # fmt: skip
    for i in range(60):
        _write(corpus, "csv_bad", f"bad_{i:02d}.{['csv', 'tsv'][i % 2]}", bad_csv[i % len(bad_csv)])

    # -- compression --------------------------------------------------------------------------------
    gz_bomb, xz_bomb = _bomb("gzip", 100 << 20), _bomb("xz", 16 << 20)
    for i in range(24):
        ext = [".txt.gz", ".html.gz", ".jsonl.gz", ".json.gz"][i % 4]
        _write(corpus, "bombs", f"bomb_{i:02d}{ext}", gz_bomb)
    for i in range(6):
        _write(corpus, "bombs", f"bomb_{i:02d}.txt.xz", xz_bomb)
    _write(corpus, "bombs", "bomb_named.html", gz_bomb)  # a gzip body saved under an HTML name
    article = gzip.compress(english_article(0)[0].encode() * 3)
    for i in range(20):
        _write(
            corpus, "archives", f"truncated_{i:02d}.txt.gz", article[: rng.randrange(10, len(article) - 8)]
        )
        broken = bytearray(article)
        for _ in range(5):
            broken[rng.randrange(10, len(broken))] = rng.randrange(256)
        _write(corpus, "archives", f"corrupt_{i:02d}.html.gz", bytes(broken))
    for i in range(6):
        _write(corpus, "archives", f"bz_{i:02d}.txt.bz2", bz2.compress(FOREIGN["es"].encode())[: 40 + i * 5])

    # -- broken WARC --------------------------------------------------------------------------------
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://example.com/\r\n"
              b"Content-Length: 100000\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<html><body>cut")  # fmt: skip
    for i in range(40):
        kind = i % 4
        if kind == 0:
            data = record[: rng.randrange(4, len(record))]
        elif kind == 1:
            data = record.replace(b"Content-Length: 100000", b"Content-Length: banana")
        elif kind == 2:
            data = b"WARC/1.0\r\n" + junk(rng.randrange(10, 500))
        else:
            data = junk(rng.randrange(10, 500))
        name = f"broken_{i:02d}.warc" + (".gz" if i % 5 == 0 else "")
        _write(corpus, "warc", name, gzip.compress(data) if name.endswith(".gz") else data)

    # -- the file system ----------------------------------------------------------------------------
    links = corpus.root / "links"
    links.mkdir()
    for i in range(6):
        (links / f"loop_{i}_a.txt").symlink_to(links / f"loop_{i}_b.txt")
        (links / f"loop_{i}_b.txt").symlink_to(links / f"loop_{i}_a.txt")
        corpus.add("links", links / f"loop_{i}_a.txt")
        corpus.add("links", links / f"loop_{i}_b.txt")
        (links / f"self_{i}.html").symlink_to(links / f"self_{i}.html")
        corpus.add("links", links / f"self_{i}.html")
        (links / f"broken_{i}.txt").symlink_to(links / "nowhere" / f"{i}.txt")
        corpus.add("links", links / f"broken_{i}.txt")
    (links / "up").symlink_to(corpus.root)  # a directory link back to the top
    corpus.add("links", links / "up")
    for i in range(3):  # reading /proc/self/mem at offset 0 fails with EIO, even for root
        (links / f"mem_{i}.txt").symlink_to("/proc/self/mem")
        corpus.add("unreadable", links / f"mem_{i}.txt")
    for i in range(6):  # chmod 000 (root reads them anyway: then they are foreign text)
        path = _write(corpus, "unreadable", f"locked_{i}.txt", FOREIGN["de"])
        path.chmod(0)
    for i in range(2):
        os.mkfifo(corpus.root / "unreadable" / f"pipe_{i}.txt")
        corpus.add("unreadable", corpus.root / "unreadable" / f"pipe_{i}.txt")
    names = [b"caf\xe9_latin1_name.txt", b"line\nbreak.txt", b"tab\there.txt", b"x" * 240 + b".txt",
             b"[red]markup[bold].html", b"--debug.txt", b"emoji_\xf0\x9f\x93\xb0.txt"]  # fmt: skip
    hostile_dir = corpus.root / "names"
    hostile_dir.mkdir()
    for i, raw_name in enumerate(names):
        path = Path(os.fsdecode(os.path.join(os.fsencode(hostile_dir), raw_name)))
        path.write_text(FOREIGN[languages[i % len(languages)]], encoding="utf-8")
        corpus.add("names", path)
    return corpus
