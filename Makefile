# summarizer — common tasks. `make install run` on a fresh machine, `make test` for the suite.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
# CPU wheel by default; CUDA users: make install TORCH=torch (or TORCH="torch==2.13.0 --index-url ...")
TORCH  ?= torch==2.13.0

.PHONY: install browser screenshot run test fuzz bench models clean-eval train-cleaner eval-cleaner eval-facts eval-summaries fit-extractive

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet $(TORCH)
	$(BIN)/pip install --quiet -e '.[fast,test,ray]'
	@$(MAKE) --no-print-directory browser

# Debian's chromium and its driver, for the test that opens brief.html in a real browser.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium chromium-driver; \
	  else echo "note: the browser test needs chromium and chromium-driver; as root run:" \
	    "apt-get install -y chromium chromium-driver (it is skipped without them)"; fi

# docs/brief.png, the README's picture of brief.html (taken by the browser test).
screenshot:
	BRIEF_SCREENSHOT=$(CURDIR)/docs/brief.png $(BIN)/python -m pytest tests/test_html.py -k samples_page -q

# The brief of the five sample pages. Without downloaded models it says which are missing
# and carries on (untranslated text, extractive summary); `make models` fetches them.
run:
	$(BIN)/summarizer run samples/ --fallback

models:
	$(BIN)/summarizer models pull opus-mt-id-en distilbart-cnn

test:
	$(BIN)/python -m pytest

fuzz:
	FUZZ_EXAMPLES=10000 $(BIN)/python -m pytest tests/test_fuzz.py -q

bench:
	$(BIN)/python bench/run.py
	$(BIN)/python bench/ray_bench.py
	$(BIN)/python bench/stories_bench.py
	$(BIN)/python bench/facts_bench.py

clean-eval:
	$(BIN)/python ../shared/eval/score_clean.py ../shared/eval/seeds samples "$(BIN)/summarizer clean"

# The learned line labeller (needs scikit-learn, in the test extra): refit it on every labelled
# page in ../shared/eval, and score it with each site held out of training.
train-cleaner:
	$(BIN)/python -m summarizer.cleaning.evaluation train --eval-dir ../shared/eval --samples samples

eval-cleaner:
	$(BIN)/python -m summarizer.cleaning.evaluation eval --eval-dir ../shared/eval --samples samples \
		--out summarizer/cleaning/EVAL.md

# Facts against labelled sets: found/missed conflicts and falsely reported agreed figures per set.
eval-facts:
	$(BIN)/python bench/eval_facts.py $(if $(SETS),--sets $(SETS))

# ROUGE of the extractive summarizer, lead-3, LexRank and TextRank on both halves of IndoSum
# (weights fitted on the first half only); needs the eval extra, installed here if missing.
eval-summaries:
	$(BIN)/python -c "import rouge_score, sumy" 2>/dev/null || $(BIN)/pip install --quiet -e '.[eval]'
	$(BIN)/python scripts/eval_summaries.py

# Refit the extractive ranker's weights on the first half (prints the constants to paste).
fit-extractive:
	$(BIN)/python scripts/fit_extractive.py
