"""Tiny random-weight models of the real classes, with tokenizers trained on samples/.

Outputs are noise; the point is that loading, batching, chunking and reassembly go
through exactly the code a user runs with the full-size models.
"""
from __future__ import annotations

import io
import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SMALL = dict(d_model=32, encoder_layers=2, decoder_layers=2, encoder_attention_heads=2, decoder_attention_heads=2,
             encoder_ffn_dim=64, decoder_ffn_dim=64)


def save(folder: Path, model_class, config, tokenizer, seed: int) -> Path:
    """Random weights (seeded) for `config`, saved with the tokenizer the way a user's model is."""
    import torch

    torch.manual_seed(seed)
    model_class(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def corpus() -> list[str]:
    lines = [ln for f in sorted(SAMPLES.glob("*.txt")) for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    # English words too, so that the summarizer's tokenizer covers the English side.
    return lines + ["Meta invested $14.3 billion in Scale AI, taking a 49% stake on June 13, 2025.",
                    "The company cut 200 employees and 500 contractors, about 14% of its workforce."]


def build_marian(folder: Path, seed: int = 0) -> Path:
    import sentencepiece as spm
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(corpus()), model_writer=model, vocab_size=400,
                                   model_type="unigram", character_coverage=1.0, pad_id=-1, unk_id=2, bos_id=-1,
                                   eos_id=1, hard_vocab_limit=False, minloglevel=2)
    for name in ("source.spm", "target.spm"):
        (folder / name).write_bytes(model.getvalue())
    processor = spm.SentencePieceProcessor(model_proto=model.getvalue())
    vocab = {"</s>": 0, "<unk>": 1}
    for i in range(processor.get_piece_size()):
        vocab.setdefault(processor.id_to_piece(i), len(vocab))
    vocab["<pad>"] = len(vocab)  # last, as in the real opus-mt vocabularies (CTranslate2 relies on it)
    (folder / "vocab.json").write_text(json.dumps(vocab))
    tokenizer = MarianTokenizer(str(folder / "source.spm"), str(folder / "target.spm"), str(folder / "vocab.json"))
    config = MarianConfig(vocab_size=len(tokenizer), max_position_embeddings=512, pad_token_id=tokenizer.pad_token_id,
                          eos_token_id=tokenizer.eos_token_id, decoder_start_token_id=tokenizer.pad_token_id,
                          forced_eos_token_id=tokenizer.eos_token_id, **SMALL)
    return save(folder, MarianMTModel, config, tokenizer, seed)


def _unigram(vocab_size: int):
    from tokenizers import SentencePieceUnigramTokenizer

    tok = SentencePieceUnigramTokenizer()
    tok.train_from_iterator(corpus(), vocab_size=vocab_size, special_tokens=["<s>", "<pad>", "</s>", "<unk>"], unk_token="<unk>")
    return tok


def build_nllb(folder: Path, seed: int = 0) -> Path:
    from transformers import M2M100Config, M2M100ForConditionalGeneration, NllbTokenizer

    tokenizer = NllbTokenizer(tokenizer_object=_unigram(500)._tokenizer, src_lang="ind_Latn", tgt_lang="eng_Latn",
                              bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>")
    config = M2M100Config(vocab_size=len(tokenizer), max_position_embeddings=1024, pad_token_id=tokenizer.pad_token_id,
                          eos_token_id=tokenizer.eos_token_id, bos_token_id=tokenizer.bos_token_id,
                          decoder_start_token_id=tokenizer.eos_token_id, **SMALL)
    return save(folder, M2M100ForConditionalGeneration, config, tokenizer, seed)


def build_bart(folder: Path, seed: int = 0, max_positions: int = 1024) -> Path:
    from tokenizers import ByteLevelBPETokenizer
    from transformers import BartConfig, BartForConditionalGeneration, BartTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(corpus(), vocab_size=600, special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"])
    bpe.save_model(str(folder))
    tokenizer = BartTokenizer(str(folder / "vocab.json"), str(folder / "merges.txt"))
    config = BartConfig(vocab_size=len(tokenizer), max_position_embeddings=max_positions,
                        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                        bos_token_id=tokenizer.bos_token_id, decoder_start_token_id=tokenizer.eos_token_id,
                        forced_bos_token_id=tokenizer.bos_token_id, **SMALL)
    return save(folder, BartForConditionalGeneration, config, tokenizer, seed)


def build_mt5(folder: Path, seed: int = 0) -> Path:
    from transformers import MT5Config, MT5ForConditionalGeneration, T5Tokenizer

    tokenizer = T5Tokenizer(tokenizer_object=_unigram(500)._tokenizer, eos_token="</s>", pad_token="<pad>",
                            unk_token="<unk>", extra_ids=0)
    config = MT5Config(vocab_size=len(tokenizer), d_model=32, d_ff=64, num_layers=2, num_decoder_layers=2, num_heads=2,
                       d_kv=16, pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                       decoder_start_token_id=tokenizer.pad_token_id)
    return save(folder, MT5ForConditionalGeneration, config, tokenizer, seed)


def build_all(models_dir: Path) -> Path:
    """The registry's aliases, as tiny models, in `models_dir`."""
    build_marian(models_dir / "opus-mt-id-en")
    build_nllb(models_dir / "nllb-600m")
    build_bart(models_dir / "distilbart-cnn")
    build_mt5(models_dir / "mt5-xlsum")
    return models_dir


if __name__ == "__main__":  # python tests/tiny_models.py DIR: build them for manual runs
    import sys

    print(build_all(Path(sys.argv[1])))
