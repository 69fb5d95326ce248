# alo153 — the two commands: `make run` and `make test`.
JOBS ?= $(shell nproc)
DB ?= var/alo153.db
DEMO_REQUESTS ?= 3000

.PHONY: run test deps build build-asan unit-asan web web-test screenshots bench-web format tidy bench clean

## Install what is missing, build a release binary and the web application, create the demo database once, and
## serve both. With ALO153_DATABASE_URL=postgresql://..., the same on that PostgreSQL database.
run: deps build web
ifneq ($(filter postgres%,$(ALO153_DATABASE_URL)),)
	@# A PostgreSQL server (README, "PostgreSQL and several app servers"): schema and catalog, the demo once.
	./build/release/alo153 migrate
	@if ! ./build/release/alo153 user list | grep -q '^cagri1\b'; then \
		./build/release/alo153 demo --requests $(DEMO_REQUESTS); \
	fi
	@if [ ! -f var/classifier.ftz ]; then ./build/release/alo153 classify train; fi
	./build/release/alo153 serve
else
	@if [ ! -f "$(DB)" ]; then \
		echo "Demo veritabanı oluşturuluyor / creating the demo database: $(DB)"; \
		./build/release/alo153 --db "$(DB)" demo --requests $(DEMO_REQUESTS); \
	fi
	@if [ ! -f "$(dir $(DB))classifier.ftz" ]; then \
		echo "Sınıflandırıcı eğitiliyor / training the category classifier: $(dir $(DB))classifier.ftz"; \
		./build/release/alo153 --db "$(DB)" classify train; \
	fi
	./build/release/alo153 --db "$(DB)" serve
endif

## Build and run every test: all tests on the release build, the unit tests again under ASan and UBSan, then
## the browser tests (web/tests: the real server and Chromium).
test: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	ctest --preset release -j $(JOBS)
	$(MAKE) unit-asan
	$(MAKE) web-test

## The web application in web/dist (npm ci when web/package-lock.json changed, Vite build, .gz siblings).
web:
	@./scripts/build-web.sh

## The browser tests alone (needs the release binary: `make build`).
web-test: web
	cd web && npm test

## Screenshots of every page into docs/screenshots/ (a demo database, one sign-in per role).
screenshots: deps build web
	node web/tests/screenshots.mjs

## The web figures of docs/benchmarks.md on the 1M-request demo database (build/bench-data/demo-1M.db).
bench-web: deps build web
	node bench/web/run.mjs

unit-asan:
	cmake --preset debug-asan >/dev/null
	cmake --build --preset debug-asan -j $(JOBS) --target core_tests storage_tests routing_tests app_tests api_tests
	ctest --preset debug-asan -j $(JOBS)

deps:
	@./scripts/install-deps.sh

build:
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS) --target alo153

bench: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	./bench/run.sh

format:
	find src tests bench -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy:
	cmake --preset release >/dev/null
	find src -name '*.cpp' | xargs clang-tidy -p build/release --quiet

clean:
	rm -rf build

## Fuzz every parser that takes outside input (tests/fuzz/): a clang + libFuzzer build in build/fuzz, then each
## target for FUZZ_SECONDS on its committed seeds. New inputs go to build/fuzz/corpus/<name>, findings to
## build/fuzz/artifacts/<name>/ (replay one: build/fuzz/tests/fuzz/<name>_fuzz <file>).
FUZZ_SECONDS ?= 30
FUZZ_TARGETS ?= phone tracking_number tc_kimlik turkish_fold validation holiday_table tsv fts_query parse_time json_body
.PHONY: fuzz
fuzz: deps
	cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
		-DCMAKE_CXX_COMPILER=clang++ -DALO153_FUZZ=ON -DALO153_BUILD_BENCH=OFF \
		-DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer" \
		>/dev/null
	cmake --build build/fuzz -j $(JOBS) --target fuzzers
	@failed=""; \
	for t in $(FUZZ_TARGETS); do \
		mkdir -p build/fuzz/corpus/$$t build/fuzz/artifacts/$$t; \
		echo "== $$t: $(FUZZ_SECONDS) s"; \
		./build/fuzz/tests/fuzz/$${t}_fuzz -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-artifact_prefix=build/fuzz/artifacts/$$t/ build/fuzz/corpus/$$t tests/fuzz/corpus/$$t \
			>build/fuzz/$$t.log 2>&1 || { failed="$$failed $$t"; grep -E "fuzz check failed|ERROR:|SUMMARY|Test unit" build/fuzz/$$t.log; }; \
		grep -E "^stat::(number_of_executed_units|average_exec_per_sec)" build/fuzz/$$t.log; \
	done; \
	if [ -n "$$failed" ]; then echo "Fuzz findings in:$$failed (logs: build/fuzz/<name>.log)"; exit 1; fi
