"""One benchmark method in its own process, so its peak memory is its own. Prints JSON."""
from __future__ import annotations

import dataclasses
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def inputs(model: Path) -> dict:
    """Written by bench/models.py beside the models."""
    return json.loads((model.parent / "inputs.json").read_text(encoding="utf-8"))


def repeated(items: list, count: int) -> list:
    return (items * (count // len(items) + 1))[:count]


def timed(fn, reps: int) -> tuple[float, list[float], object]:
    runs, result = [], None
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), runs, result


def main() -> None:
    method, model, count, beam, new_tokens, reps = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), \
        int(sys.argv[5]), int(sys.argv[6])
    from summarizer.engines.base import GenerationOptions

    fixed = GenerationOptions(num_beams=beam, min_new_tokens=new_tokens, max_new_tokens=new_tokens)  # engines' default batches
    given = inputs(model)
    articles = given["articles"]
    if method.startswith("article"):
        texts = [given["long_articles"][model.name]]  # the first ~700 tokens of the samples
    elif method == "naive-article":
        texts = [text for text, _ in articles]
    else:
        texts = repeated(given["sentences"], count)
    sentences = sum(n for _, n in articles) if method == "naive-article" else len(texts)
    family = "bart" if "bart" in model.name else "nllb" if "nllb" in model.name else "marian"
    if method in ("naive", "naive-article", "article-hf"):
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        torch.set_num_threads(2)
        tok = AutoTokenizer.from_pretrained(model)
        net = AutoModelForSeq2SeqLM.from_pretrained(model).eval()
        net.generation_config.forced_eos_token_id = None
        # NLLB, as its model card says: source language on the tokenizer, English forced first.
        target = {}
        if family == "nllb":
            tok.src_lang = "ind_Latn"
            target = {"forced_bos_token_id": tok.convert_tokens_to_ids("eng_Latn")}
        # (text, input cap, output length): a whole article is cut at the model's 512 tokens and
        # gets as many output tokens as its sentences would, up to that limit.
        calls = [(text, 512, min(512, new_tokens * n)) for text, n in articles] if method == "naive-article" \
            else [(text, 1024, new_tokens) for text in texts]

        def run():
            out = 0
            for text, cap, length in calls:  # the usual script: one text per generate call
                enc = tok([text], return_tensors="pt", truncation=True, max_length=cap)
                with torch.no_grad():
                    g = net.generate(**enc, num_beams=beam, min_new_tokens=length, max_new_tokens=length, **target)
                out += g.shape[1] - 1
            return out
    elif method in ("hf", "ct2", "article-ct2") or method.startswith("ct2-tokens-"):
        from summarizer.engines.ct2 import CT2Engine
        from summarizer.engines.hf import HFEngine

        args = (model, model.name, family, 512 if family == "marian" else 1024)
        engine = HFEngine(*args) if method == "hf" else CT2Engine(*args, cache_dir=model.parent)
        if method == "hf":  # 2,048 padded tokens per batch, as bench/RESULTS.md was measured
            fixed = dataclasses.replace(fixed, batch_tokens=2048)
        if method.startswith("ct2-tokens-"):  # a smaller --batch-tokens: less memory in flight
            fixed = dataclasses.replace(fixed, batch_tokens=int(method.split("-")[2]))

        def run():
            return len(engine.generate(texts, fixed, "id")) * new_tokens  # min = max: every output is that long
    elif "raw-" in method:  # the same converted model with nothing of ours around translate_batch
        import ctranslate2

        from summarizer.engines.ct2 import converted_path

        converted = converted_path(model, "int8", model.parent)
        if method.startswith("raw-ct2-"):  # raw-ct2-examples-32: as CTranslate2's OPUS-MT example batches
            _, _, batch_type, size = method.split("-")
            (inter, intra), batching = (2, 1), {"max_batch_size": int(size), "batch_type": batch_type}
        else:  # article-raw-2x1: a given thread layout
            (inter, intra), batching = map(int, method.split("-")[2].split("x")), {}
        prefix = None
        if family == "marian":  # sentencepiece alone, as that example tokenizes
            import sentencepiece

            sp = sentencepiece.SentencePieceProcessor(model_file=str(model / "source.spm"))
            tokens = [sp.encode(t, out_type=str) + ["</s>"] for t in texts]
        else:  # our engine's tokens: only translate_batch is timed
            from summarizer.engines.tokens import load_tokens

            tokens = load_tokens(model, converted).encode(texts, "id" if family == "nllb" else None, 1024)
            prefix = [["eng_Latn"]] * len(tokens) if family == "nllb" else None
        translator = ctranslate2.Translator(str(converted), device="cpu", compute_type="int8", inter_threads=inter,
                                            intra_threads=intra)

        def run():
            results = translator.translate_batch(tokens, target_prefix=prefix, beam_size=beam,
                                                 min_decoding_length=new_tokens, max_decoding_length=new_tokens,
                                                 **batching)
            return sum(len(r.hypotheses[0]) for r in results)
    else:
        sys.exit(f"unknown method {method}")
    run()  # warm-up outside the timing (models were converted by bench/models.py)
    median, runs, produced = timed(run, reps)
    print(json.dumps({"median_s": median, "runs": runs, "texts": len(texts), "sentences": sentences,
                      "target_tokens": produced}))


if __name__ == "__main__":
    main()
