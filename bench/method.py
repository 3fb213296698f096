"""One benchmark method in its own process, so its peak memory is its own. Prints JSON."""
from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def sentences_from_samples(count: int) -> list[str]:
    from summarizer.cleaning import clean_page
    from summarizer.ingest import discover, read_page
    from summarizer.segment import split_sentences

    found = []
    for source in discover([str(ROOT / "samples")]):
        article = clean_page(read_page(source))
        if not source.id.startswith("004"):  # the Indonesian ones
            found += [s for p in article.paragraphs for s in split_sentences(p, "id")]
    return (found * (count // len(found) + 1))[:count]


def articles_from_samples() -> list[tuple[str, int]]:
    """(text, sentence count) of each Indonesian sample article, cleaned."""
    from summarizer.cleaning import clean_page
    from summarizer.ingest import discover, read_page
    from summarizer.segment import split_sentences

    found = []
    for source in discover([str(ROOT / "samples")]):
        if not source.id.startswith("004"):
            article = clean_page(read_page(source))
            found.append((article.text, sum(len(split_sentences(p, "id")) for p in article.paragraphs)))
    return found


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

    fixed = GenerationOptions(num_beams=beam, min_new_tokens=new_tokens, max_new_tokens=new_tokens, batch_tokens=2048)
    if method.startswith("article"):
        from transformers import AutoTokenizer

        counter = AutoTokenizer.from_pretrained(model)
        sentences = sentences_from_samples(200)
        size = next(n for n in range(1, 200) if len(counter(" ".join(sentences[:n]))["input_ids"]) >= 700)
        texts = [" ".join(sentences[:size])]  # the first ~700 tokens of the samples
    elif method == "naive-article":
        articles = articles_from_samples()
        texts = [text for text, _ in articles]
    else:
        texts = sentences_from_samples(count)
    sentences = sum(n for _, n in articles) if method == "naive-article" else len(texts)
    if method in ("naive", "naive-article", "article-hf"):
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer

        torch.set_num_threads(2)
        tok = AutoTokenizer.from_pretrained(model)
        net = AutoModelForSeq2SeqLM.from_pretrained(model).eval()
        net.generation_config.forced_eos_token_id = None
        # (text, input cap, output length): a whole article is cut at the model's 512 tokens and
        # gets as many output tokens as its sentences would, up to that limit.
        calls = [(text, 512, min(512, new_tokens * n)) for text, n in articles] if method == "naive-article" \
            else [(text, 1024, new_tokens) for text in texts]

        def run():
            out = 0
            for text, cap, length in calls:  # the usual script: one text per generate call
                enc = tok([text], return_tensors="pt", truncation=True, max_length=cap)
                with torch.no_grad():
                    g = net.generate(**enc, num_beams=beam, min_new_tokens=length, max_new_tokens=length)
                out += g.shape[1] - 1
            return out
    elif method in ("hf", "ct2", "article-ct2"):
        from summarizer.engines.ct2 import CT2Engine
        from summarizer.engines.hf import HFEngine

        family = "bart" if "bart" in model.name else "marian"
        args = (model, model.name, family, 1024 if family == "bart" else 512)
        engine = HFEngine(*args) if method == "hf" else CT2Engine(*args, cache_dir=model.parent / "ct2")
        def run():
            return len(engine.generate(texts, fixed, "id")) * new_tokens  # min = max: every output is that long
    elif method == "raw-ct2":
        import ctranslate2
        from transformers import AutoTokenizer

        from summarizer.engines.ct2 import convert

        tok = AutoTokenizer.from_pretrained(model)
        translator = ctranslate2.Translator(str(convert(model, "int8", model.parent / "ct2")), device="cpu",
                                            compute_type="int8", inter_threads=2, intra_threads=1)
        tokens = [tok.convert_ids_to_tokens(tok(t)["input_ids"]) for t in texts]

        def run():
            results = translator.translate_batch(tokens, max_batch_size=32, beam_size=beam,
                                                 min_decoding_length=new_tokens, max_decoding_length=new_tokens)
            return sum(len(r.hypotheses[0]) for r in results)
    else:
        sys.exit(f"unknown method {method}")
    run()  # warm-up (and CTranslate2 conversion) outside the timing
    median, runs, produced = timed(run, reps)
    print(json.dumps({"median_s": median, "runs": runs, "texts": len(texts), "sentences": sentences,
                      "target_tokens": produced}))


if __name__ == "__main__":
    main()
