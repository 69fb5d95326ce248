# alo153 — the two commands: `make run` and `make test`.
JOBS ?= $(shell nproc)
DB ?= var/alo153.db
DEMO_REQUESTS ?= 3000

.PHONY: run test deps build build-asan unit-asan format tidy bench clean

## Install what is missing, build a release binary, create the demo database once, and serve it.
run: deps build
	@if [ ! -f "$(DB)" ]; then \
		echo "Demo veritabanı oluşturuluyor / creating the demo database: $(DB)"; \
		./build/release/alo153 --db "$(DB)" demo --requests $(DEMO_REQUESTS); \
	fi
	./build/release/alo153 --db "$(DB)" serve

## Build and run every test: all tests on the release build, the unit tests again under ASan and UBSan.
test: deps
	cmake --preset release >/dev/null
	cmake --build --preset release -j $(JOBS)
	ctest --preset release -j $(JOBS)
	$(MAKE) unit-asan

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
