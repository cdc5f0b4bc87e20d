# Two commands do everything: `make run` and `make check`.  See README.md.
BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=
SCENARIO   ?= scenarios/example-county/2016.json

.PHONY: all setup setup-browser configure build run check test test-asan clean format check-long fuzz-smoke update-docs

all: build

setup:
	@sh scripts/setup-debian.sh

$(BUILD)/CMakeCache.txt: | setup
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

configure: $(BUILD)/CMakeCache.txt

build: setup configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	./$(BUILD)/relocfund solve $(SCENARIO)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: setup
	cmake -S . -B $(BUILD_ASAN) -DRELOCFUND_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug $(CMAKE_FLAGS)
	cmake --build $(BUILD_ASAN) -j $(JOBS)
	cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# Rewrites the examples in README.md and docs/*.md whose output moved
# (tests/test_docs.c, docs/testing.md "Doc examples").
update-docs: build
	cd $(BUILD) && RF_UPDATE_DOCS=1 ctest --output-on-failure -R '^test_docs$$'

# Optional: chromium for the HTML report check (skipped when it cannot be installed).
setup-browser:
	@sh scripts/setup-browser.sh

check: setup-browser test test-asan

# The long trust checks (docs/testing.md): 500 differential and 1,000 property
# scenarios, and valgrind on the main commands.
check-long: build
	cd $(BUILD) && RF_DIFF_COUNT=500 RF_PROP_COUNT=1000 \
	  ctest --output-on-failure -R 'test_(differential|properties)$$'
	sh bench/valgrind.sh $(BUILD)

# Each libFuzzer target (fuzz/) for 60 s under ASan and UBSan (clang).
fuzz-smoke:
	@sh scripts/setup-debian.sh fuzz
	sh fuzz/run.sh 60

format:
	clang-format -i src/*/*.c src/*/*.h tests/*.c tests/*.h

clean:
	rm -rf $(BUILD) $(BUILD_ASAN)
