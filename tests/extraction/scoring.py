"""A small reimplementation of the corpus scoring rule, so the tests do not depend on
the shared scorer: tasks are paired greedily by how many of the gold summary's first 12
folded words appear among the predicted summary's first 20 (at least half); a paired
task is fully right when its lead set equals the gold one and its (kind, value)
deadline equals the gold deadline or one of the gold's additional deadlines."""
import re
import unicodedata


def _fold_words(text):
    text = unicodedata.normalize("NFD", text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    text = text.replace("ủy ban nhân dân", "ubnd").replace("uy ban nhan dan", "ubnd")
    return re.sub(r"[^a-z0-9@ ]+", " ", text).split()


def _summary_words(task, n):
    return _fold_words(task.get("summary") or task.get("content") or "")[:n]


def _deadline(d):
    d = d or {}
    return (d.get("kind") or "none", d.get("value"))


def pair(gold, pred):
    candidates = []
    for i, g in enumerate(gold):
        gw = _summary_words(g, 12)
        for j, p in enumerate(pred):
            pw = set(_summary_words(p, 20))
            share = sum(w in pw for w in gw) / len(gw) if gw else 0.0
            if share >= 0.5:
                candidates.append((share, i, j))
    candidates.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def score(gold_doc, pred_doc):
    """(found F1, full F1, list of (gold ref, reason) for what is not fully right)."""
    gold, pred = gold_doc["tasks"], pred_doc["tasks"]
    pairs = pair(gold, pred)
    right, wrong = 0, []
    for i, j in pairs:
        g, p = gold[i], pred[j]
        lead_ok = sorted(" ".join(_fold_words(n)) for n in g.get("lead") or []) == \
            sorted(" ".join(_fold_words(n)) for n in p.get("lead") or [])
        accepted = [_deadline(g.get("deadline"))] + [_deadline(d) for d in g.get("additional_deadlines") or []]
        dl_ok = _deadline(p.get("deadline")) in accepted
        if lead_ok and dl_ok:
            right += 1
        else:
            wrong.append((g.get("ref"), f"lead {p.get('lead')} deadline {_deadline(p.get('deadline'))}"))
    found = {i for i, _ in pairs}
    wrong += [(g.get("ref"), "missed") for i, g in enumerate(gold) if i not in found]

    def f1(tp):
        p = tp / len(pred) if pred else 0.0
        r = tp / len(gold) if gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    return f1(len(pairs)), f1(right), wrong
