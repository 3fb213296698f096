"""Full-size architectures with random weights, for benchmarks (no download needed).

opus-mt-id-en: the real config and tokenizer from ../shared/models/opus-mt-id-en-tokenizer.
distilbart-cnn-12-6 shape: its real config values, a byte-level BPE tokenizer trained on samples/.
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKENIZER = ROOT.parent / "shared" / "models" / "opus-mt-id-en-tokenizer"


def build_all(work: Path) -> tuple[Path, Path]:
    return opus_mt(work / "opus-mt-id-en"), distilbart(work / "distilbart-cnn-12-6")


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


def distilbart(folder: Path) -> Path:
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
    # sshleifer/distilbart-cnn-12-6: BART-large widths, 12 encoder and 6 decoder layers.
    config = BartConfig(vocab_size=len(tokenizer), d_model=1024, encoder_layers=12, decoder_layers=6, encoder_attention_heads=16,
                        decoder_attention_heads=16, encoder_ffn_dim=4096, decoder_ffn_dim=4096, max_position_embeddings=1024,
                        pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                        bos_token_id=tokenizer.bos_token_id, decoder_start_token_id=tokenizer.eos_token_id)
    BartForConditionalGeneration(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


if __name__ == "__main__":  # built in a child process, so the benchmark's own memory stays small
    build_all(Path(sys.argv[1]))
