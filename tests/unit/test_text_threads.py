"""Two threads extracting two texts at once each get their own text's clauses and furniture."""

import sys
import threading
import time

from regionhealth.text import clean as textmod
from regionhealth.text.clean import clause_bounds, furniture

# Clause ends at different places, and a chrome line (打印本页) in only one.
TEXT_A = "打印本页\n" + "床位数达到5张，医生增加到3人。" * 40
TEXT_B = "".join(f"第{i}项指标达到{i}%；" for i in range(60)) + "覆盖率达到90%以上。"
POSITIONS = range(0, 600, 7)
_CACHED = {furniture.__code__, clause_bounds.__code__}


def _results(text: str) -> tuple[object, list[tuple[int, int]]]:
    return furniture(text), [clause_bounds(text, p, p + 1) for p in POSITIONS]


def _yield_between_lines(frame, event, arg):
    """Trace the two cached lookups and hand the interpreter to the other thread at every line
    of them: the interleaving a free-threaded interpreter can produce at any time."""
    if frame.f_code not in _CACHED:
        return None

    def line(frame, event, arg):
        if event == "line":
            time.sleep(0)
        return line

    return line


def test_two_texts_in_two_threads_get_their_own_clauses_and_furniture():
    expected = {id(t): _results(t) for t in (TEXT_A, TEXT_B)}
    assert expected[id(TEXT_A)][0] != expected[id(TEXT_B)][0]
    assert expected[id(TEXT_A)][1] != expected[id(TEXT_B)][1]
    wrong: list[str] = []

    def work(text: str) -> None:
        sys.settrace(_yield_between_lines)
        try:
            for _ in range(20):
                if _results(text) != expected[id(text)]:
                    wrong.append(text[:4])
        finally:
            sys.settrace(None)

    threads = [threading.Thread(target=work, args=(t,)) for t in (TEXT_A, TEXT_B)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
    # Single-threaded, a text asked for twice in a row is served from the cache.
    assert furniture(TEXT_A) is furniture(TEXT_A)
    clause_bounds(TEXT_A, 0, 1)
    index = textmod._CLAUSES
    clause_bounds(TEXT_A, 7, 8)
    assert textmod._CLAUSES is index
