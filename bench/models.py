"""Full-size architectures with random weights, and the benchmark's inputs (no download needed).

opus-mt-id-en: the real config and tokenizer from ../shared/models/opus-mt-id-en-tokenizer.
bart-large-cnn and distilbart-cnn-12-6 shapes: their real config values, a byte-level BPE
tokenizer trained on samples/. nllb-200-distilled-600M shape (`nllb` argument, 2.5 GB): its
real config values, a BPE tokenizer (NLLB's kind) trained on samples/ with its language codes; the
embedding keeps NLLB's 256,206 rows, since the output layer over them is much of the work. Each is converted to CTranslate2 int8 here, and the inputs are
written to inputs.json here, so that no method's process pays for that work (or its memory).
"""
from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = ROOT.parent / "shared" / "models" / "opus-mt-id-en-tokenizer"


NLLB, NLLB_VOCABULARY = "nllb-200-distilled-600M", 256206
SUMMARIZERS = {"bart-large-cnn": 12, "distilbart-cnn-12-6": 6}  # name → decoder layers (12 encoder layers each)


def build_all(work: Path, with_nllb: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    from summarizer.engines.ct2 import convert

    summarizers = [bart(work / name, layers) for name, layers in SUMMARIZERS.items()]
    models = [opus_mt(work / "opus-mt-id-en")] + summarizers + ([nllb(work / NLLB)] if with_nllb else [])
    for model in models:
        convert(model, "int8", work)
    write_inputs(work, summarizers)


def write_inputs(work: Path, summarizers: list[Path]) -> None:
    """Sentences and articles of the Indonesian samples, cleaned; a ~700-token article per summarizer."""
    from transformers import AutoTokenizer

    from summarizer.cleaning import clean_page
    from summarizer.ingest import discover, read_page
    from summarizer.segment import split_sentences

    articles = []
    for source in discover([str(ROOT / "samples")]):
        if not source.id.startswith("004"):  # the English one
            article = clean_page(read_page(source))
            articles.append((article.text, [s for p in article.paragraphs for s in split_sentences(p, "id")]))
    sentences = [s for _, found in articles for s in found]
    long_articles = {}
    for model in summarizers:
        counter = AutoTokenizer.from_pretrained(model)
        size = next(n for n in range(1, len(sentences)) if len(counter(" ".join(sentences[:n]))["input_ids"]) >= 700)
        long_articles[model.name] = " ".join(sentences[:size])
    (work / "inputs.json").write_text(json.dumps({
        "sentences": sentences, "articles": [[text, len(found)] for text, found in articles],
        "long_articles": long_articles}, ensure_ascii=False))


def opus_mt(folder: Path) -> Path:
    if (folder / "config.json").exists():
        return folder
    import torch
    from transformers import AutoTokenizer, MarianConfig, MarianMTModel

    if not TOKENIZER.is_dir():
        sys.exit(f"benchmark needs the opus-mt-id-en tokenizer and config in {TOKENIZER}")
    torch.manual_seed(0)
    config = MarianConfig.from_pretrained(TOKENIZER)
    MarianMTModel(config).save_pretrained(folder)
    AutoTokenizer.from_pretrained(TOKENIZER).save_pretrained(folder)
    for name in ("source.spm", "target.spm", "vocab.json"):
        if not (folder / name).exists():
            shutil.copy(TOKENIZER / name, folder / name)
    return folder


def bart(folder: Path, decoder_layers: int) -> Path:
    if (folder / "config.json").exists():
        return folder
    import torch
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import corpus

    folder.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(corpus(), vocab_size=4000, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    bpe.save_model(str(folder))
    tokenizer = BartTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"))
    # The converter wants one vocabulary entry per embedding row: fill up to the real size.
    tokenizer.add_tokens([f"<unused_{i}>" for i in range(50264 - len(tokenizer))])
    torch.manual_seed(0)
    # facebook/bart-large-cnn: 12 + 12 layers; sshleifer/distilbart-cnn-12-6: the same widths, 6 decoder layers.
    config = BartConfig(vocab_size=len(tokenizer), d_model=1024, encoder_layers=12, decoder_layers=decoder_layers,
                        encoder_attention_heads=16,
                        decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, max_position_embeddings=1024,
                        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                        bos_token_id=tokenizer.bos_token_id, decoder_start_token_id=tokenizer.eos_token_id)
    BartForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def nllb(folder: Path) -> Path:
    if (folder / "config.json").exists():
        return folder
    import torch
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    sys.path.insert(0, str(ROOT / "tests"))
    from tiny_models import corpus
    from tokenizers import SentencePieceBPETokenizer

    # BPE, as NLLB's own: transformers rebuilds an NLLB tokenizer as BPE when loading it.
    bpe = SentencePieceBPETokenizer()
    bpe.train_from_iterator(corpus(), vocab_size=8000, special_tokens=["<s>", "<pad>", "</s>", "<unk>"])
    tokenizer = NllbTokenizer(tokenizer_object=bpe._tokenizer, src_lang="ind_Latn", tgt_lang="eng_Latn",
                              bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>")
    torch.manual_seed(0)
    # facebook/nllb-200-distilled-600M; the converter names the rows the tokenizer lacks.
    config = M2M100Config(vocab_size=NLLB_VOCABULARY, d_model=1024, encoder_layers=12, decoder_layers=12,
                          encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096,
                          decoder_ffn_dim=4096, max_position_embeddings=1024, scale_embedding=True,
                          activation_function="relu", pad_token_id=tokenizer.pad_token_id,
                          eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id,
                          decoder_start_token_id=tokenizer.eos_token_id)
    M2M100ForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


if __name__ == "__main__":  # built in a child process, so the benchmark's own memory stays small
    build_all(Path(sys.argv[1]), with_nllb="nllb" in sys.argv[2:])
