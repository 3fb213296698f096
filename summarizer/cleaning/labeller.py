"""The learned line labeller: logistic regression per line, then Viterbi over the page.

The model is plain JSON (`line_model.json`, written by `make train-cleaner`): one weight per
feature of `features.NAMES`, a bias, the feature means (to say which features pushed a line
out) and the two-state transition log-probabilities learned from labelled pages. Decoding
the page as a sequence lets an article run across several blocks, lists and sub-headings.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import mul, sub
from pathlib import Path

from .features import (BUCKET_NAMES, BUCKETS, COMPUTED_NAMES, FLAG_NAMES, FUNCTION_AT, LOG_CHARS_AT, LOWER_AT,
                       MASK_FLAGS, NAMES, NEIGHBOUR_NAMES, NEIGHBOURS, ONE_HOT, PAGE_NAMES, LineFacts)
from .rules import FAMILIES

MODEL_PATH = Path(__file__).with_name("line_model.json")


@dataclass(frozen=True)
class LineModel:
    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    transitions: tuple[tuple[float, float], tuple[float, float]]  # log P(next | current), drop=0 keep=1
    prior_keep: float
    transition_weight: float = 1.0  # below 1: the line features already see the neighbours

    def probabilities(self, facts: list[LineFacts], columns: list[list[float]]) -> list[float]:
        """Each line's probability of being article text, given the page context `columns` of
        `features.page_context`. The rows of `features.NAMES` are not built: the score is
        summed from each line's own part (its one-hot chunks looked up), its neighbours' parts
        (computed once per line) and its page context (the line's values of the columns)."""
        buckets, masks, families, computed_w, near_tables, near_w = self._parts
        own = [buckets[f.bucket] + masks[f.mask] + families[f.family] + sum(map(mul, computed_w, f.computed))
               for f in facts]
        (t2, t1, t_1, t_2), ((a2, b2, c2), (a1, b1, c1), (a_1, b_1, c_1), (a_2, b_2, c_2)) = near_tables, near_w
        before2, before1, after1, after2 = [0.0, 0.0], [0.0], [], []  # lines off the page show nothing
        for f in facts:
            c = f.computed
            x, y, z, k = c[LOG_CHARS_AT], c[LOWER_AT], c[FUNCTION_AT], f.near_key
            before2.append(t2[k] + a2 * x + b2 * y + c2 * z)
            before1.append(t1[k] + a1 * x + b1 * y + c1 * z)
            after1.append(t_1[k] + a_1 * x + b_1 * y + c_1 * z)
            after2.append(t_2[k] + a_2 * x + b_2 * y + c_2 * z)
        after1 = after1[1:] + [0.0]
        after2 = after2[2:] + [0.0, 0.0]
        # A column of zeros adds nothing (text dumps have no title and no HTML).
        used = [k for k, column in enumerate(columns) if any(column)]
        context_w, bias, exp = [self._context_weights[k] for k in used], self.bias, math.exp
        out = []
        for i, row in enumerate(zip(*[columns[k] for k in used]) if used else [()] * len(facts)):
            z = bias + (own[i] + before2[i] + before1[i] + after1[i] + after2[i] + sum(map(mul, context_w, row)))
            out.append(1 / (1 + exp(-z)) if z > -500 else 0.0)
        return out

    @cached_property
    def _parts(self) -> tuple:
        """The weights arranged for `probabilities`: the score of each word-count bucket, screen
        bitmask and rule family; the weights of the computed own features; per neighbour
        (order of NEIGHBOURS) the score of each binary part and the weights of the three others."""
        w = dict(zip(NAMES, self.weights))

        def score(names: list[str], values: tuple[float, ...]) -> float:
            return sum(w[name] * v for name, v in zip(names, values))

        families = [f"rule: {f}" for f in FAMILIES]
        near_tables, near_w = [], []
        for k in NEIGHBOURS:
            names = [f"{name} at {k:+d}" for name in NEIGHBOUR_NAMES]
            near_tables.append([w[names[0]] * (key >> 2 & 1) + w[names[1]] * (key >> 1 & 1) + w[names[3]] * (key & 1)
                                for key in range(8)])
            near_w.append((w[names[2]], w[names[4]], w[names[5]]))
        return ([score(BUCKET_NAMES, row) for row in BUCKETS], [score(FLAG_NAMES, row) for row in MASK_FLAGS],
                {family: score(families, row) for family, row in ONE_HOT.items()},
                tuple(w[name] for name in COMPUTED_NAMES), near_tables, near_w)

    @cached_property
    def _context_weights(self) -> tuple[float, ...]:
        return self.weights[len(NAMES) - len(PAGE_NAMES):]

    def decode(self, probabilities: list[float]) -> list[bool]:
        """The likeliest keep/drop sequence: each line's probability over the class prior
        as emission, and the learned chance of an article block going on or ending."""
        if not probabilities:
            return []
        low, high, log = 1e-9, 1 - 1e-9, math.log
        prior0, prior1 = 1 - self.prior_keep, self.prior_keep
        (t00, t01), (t10, t11) = [[self.transition_weight * v for v in row] for row in self.transitions]
        clamped = [p if low <= p <= high else (low if p < low else high) for p in probabilities]
        p = clamped[0]
        score0, score1 = log((1 - p) / prior0) + log(prior0), log(p / prior1) + log(prior1)
        back = []  # per line after the first: the state each state came from, drop's in bit 0
        for p in clamped[1:]:
            # Into each state from the likelier one; a tie comes from drop.
            best0, via_keep = score0 + t00, score1 + t10
            came = 0
            if best0 < via_keep:
                best0, came = via_keep, 1
            best1, via_keep = score0 + t01, score1 + t11
            if best1 < via_keep:
                best1, came = via_keep, came | 2
            back.append(came)
            score0, score1 = best0 + log((1 - p) / prior0), best1 + log(p / prior1)
        state = 0 if score0 >= score1 else 1
        path = [state]
        for came in reversed(back):
            state = came >> state & 1
            path.append(state)
        return [s == 1 for s in reversed(path)]

    def strongest(self, row: list[float], k: int = 2) -> list[str]:
        """The features that pushed a line hardest towards boilerplate."""
        pushes = list(map(sub, map(mul, self.weights, row), self.offsets))  # min() runs in C
        names = []
        for _ in range(k):
            push = min(pushes)
            if push >= 0:
                break
            i = pushes.index(push)
            names.append(NAMES[i])
            pushes[i] = math.inf
        return names

    @cached_property
    def offsets(self) -> tuple[float, ...]:
        return tuple(map(mul, self.weights, self.means))


@lru_cache(maxsize=1)
def load_model(path: Path = MODEL_PATH) -> LineModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return model_from_dict(data)


def model_from_dict(data: dict) -> LineModel:
    if data["features"] != NAMES:
        raise ValueError("line model was trained on other features; run `make train-cleaner`")
    t = data["transitions"]
    return LineModel(tuple(data["weights"]), data["bias"], tuple(data["means"]),
                     ((t[0][0], t[0][1]), (t[1][0], t[1][1])), data["prior_keep"],
                     data.get("transition_weight", 1.0))
