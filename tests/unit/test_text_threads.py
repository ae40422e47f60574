"""Two threads extracting two texts at once each get their own text's clauses and furniture.

Nothing of one text is kept at module level between calls (the furniture is found once per
document by the extractor and handed on; clause bounds live in the document object), so
interleaved threads cannot pair one text with another's.
"""

import sys
import threading
from datetime import date

from regionhealth.catalog.loader import load_catalog
from regionhealth.extract.pipeline import find_mentions
from regionhealth.paths import CATALOG_DIR
from regionhealth.text.clean import blank_furniture, fold_text, furniture

# Clause ends at different places, and a chrome line (打印本页) in only one.
TEXT_A = "打印本页\n" + "床位数达到5张，医生增加到3人。" * 40
TEXT_B = "".join(f"第{i}项指标达到{i}%；" for i in range(60)) + "覆盖率达到90%以上。"
PUB = date(2021, 6, 1)
CATALOG = load_catalog(CATALOG_DIR)


def _results(text: str) -> tuple[object, ...]:
    folded = fold_text(text)
    return (
        furniture(folded),
        blank_furniture(folded),
        tuple(find_mentions(text, PUB, CATALOG)),
    )


def test_two_texts_in_two_threads_get_their_own_clauses_and_furniture():
    expected = {id(t): _results(t) for t in (TEXT_A, TEXT_B)}
    assert expected[id(TEXT_A)][0] != expected[id(TEXT_B)][0]
    wrong: list[str] = []

    def work(text: str) -> None:
        for _ in range(5):
            if _results(text) != expected[id(text)]:
                wrong.append(text[:4])

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # hand the interpreter to the other thread as often as it can
    try:
        threads = [threading.Thread(target=work, args=(t,)) for t in (TEXT_A, TEXT_B)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(interval)
    assert wrong == []
