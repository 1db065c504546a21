# Building clean with clang as well as gcc is part of `make test`.
TEST_SUITES += tests/suites/clang.sh
