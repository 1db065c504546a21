# Debian packages for arm64 (debian/, docs/install.md): `make deb` builds
# armvm, libarmvm0 and libarmvm-dev in $(B)/deb/ (scripts/build-deb.sh:
# dpkg-buildpackage -a arm64 in a copy of the tree, with the project's cross
# setup). tests/suites/deb.sh builds them, runs lintian, checks their
# contents and installs and uses them in the lab.
.PHONY: deb
deb:
	@B=$(B) scripts/build-deb.sh
