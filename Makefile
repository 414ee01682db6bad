# kb: `make` sets everything up and indexes the bundled corpus; `make test` runs every test.
SHELL := /bin/bash
PREFIX ?= $(shell if [ -w /usr/local/bin ]; then echo /usr/local; else echo $$HOME/.local; fi)
BINDIR := $(PREFIX)/bin
SWIFT ?= swift
# The Swift runtime and Foundation linked in, and no position-independent executable: no relocations to
# apply at start, so a search process starts in under half the time.
RELEASE_FLAGS = -c release --static-swift-stdlib -Xlinker -no-pie
RELEASE_BIN = $(shell $(SWIFT) build $(RELEASE_FLAGS) --show-bin-path)/kb
BENCH_N ?= 10000
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/kbbench-$(BENCH_N)

.PHONY: all deps build install index demo test clean bench eval

all: deps build install index demo

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product kb

install: build
	@mkdir -p $(BINDIR)
	install -m 755 $(RELEASE_BIN) $(BINDIR)/kb
	@mkdir -p $(PREFIX)/share/kb
	install -m 644 corpus/thesaurus.yaml corpus/organisations.yaml corpus/legal-sources.yaml corpus/positions.yaml $(PREFIX)/share/kb/
	@echo "installed kb to $(BINDIR)/kb"
	@case ":$$PATH:" in *":$(BINDIR):"*) ;; *) echo "note: $(BINDIR) is not on your PATH; add it: export PATH=\"$(BINDIR):\$$PATH\"";; esac

index: install
	$(BINDIR)/kb ingest corpus

demo:
	$(BINDIR)/kb docs
	@echo
	$(BINDIR)/kb search "fjärråtkomst överföring" --limit 3

test:
	@bash scripts/install-deps.sh --test
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

eval: build
	python3 ../shared/eval/eval_search.py --kb $(RELEASE_BIN)

bench: build
	BENCH_SETUP=$${BENCH_SETUP:-1} KB=$(RELEASE_BIN) bash ../shared/bench/run_all.sh $(BENCH_DIR) $(BENCH_N)

clean:
	rm -rf .build
