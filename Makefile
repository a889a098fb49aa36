# onedoor - build, test and install.
#
#   make            build both programs into $(BUILD)/bin
#   make run        private PostgreSQL under ./var with demo data, then the client
#   make stop       stop that private server
#   make check      every test (unit, database, screens); SANITIZE=1 for ASan+UBSan
#   make bench      benchmarks that print figures
#   make install    honours DESTDIR and PREFIX
#   make deps       install the Debian packages the project needs (only missing ones)
#   make deb        Debian packages onedoor, onedoor-admin, onedoor-common in $(BUILD)/deb
#
# Sources are found by layer: src/core (pure domain) <- src/cfg (iniparser),
# src/db (libpq) <- src/ui (curses) <- src/app (main programs).  Each layer
# is a static library, so a test links only the modules it uses.

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
SBINDIR    ?= $(PREFIX)/sbin
DATADIR    ?= $(PREFIX)/share
SYSCONFDIR ?= /etc
MANDIR     ?= $(DATADIR)/man
DESTDIR    ?=
VERSION    := 0.1.0

SANITIZE ?=
ifeq ($(SANITIZE),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HARDEN   :=
else
BUILD    ?= build
SANFLAGS :=
# As the Debian package is built, so that its warnings (unchecked results of
# fread, write ...) fail here first.  Not with the sanitizers, which check
# the same things their own way.
HARDEN   := -D_FORTIFY_SOURCE=2
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

# Library flags; pkg-config when present, Debian's paths otherwise.  Lazy (=)
# so that `make deps` can run before pkg-config exists.
PKG_CONFIG ?= pkg-config
pc = $(shell $(PKG_CONFIG) $(1) $(2) 2>/dev/null || echo "$(3)")
CURSES_CFLAGS = $(call pc,--cflags,ncursesw,-D_DEFAULT_SOURCE -D_XOPEN_SOURCE=600)
CURSES_LIBS   = $(call pc,--libs,ncursesw,-lncursesw -ltinfo)
PQ_CFLAGS     = -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql)
PQ_LIBS       = -lpq
INI_CFLAGS    = -I/usr/include/iniparser
INI_LIBS      = -liniparser
CMOCKA_LIBS   = $(call pc,--libs,cmocka,-lcmocka)

WARNINGS := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
            -Wwrite-strings -Werror
CSTD     := -std=c11
OPTFLAGS ?= -O2 -g
CPPFLAGS += -Iinclude -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -DONEDOOR_VERSION='"$(VERSION)"' -DONEDOOR_DATADIR='"$(DATADIR)"' \
            -DONEDOOR_SYSCONFDIR='"$(SYSCONFDIR)"'
ALL_CFLAGS = $(CSTD) $(WARNINGS) $(OPTFLAGS) $(HARDEN) $(SANFLAGS) -MMD -MP $(CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS)

CORE_SRC := $(sort $(wildcard src/core/*.c))
CFG_SRC  := $(sort $(wildcard src/cfg/*.c))
DB_SRC   := $(sort $(wildcard src/db/*.c))
UI_SRC   := $(sort $(wildcard src/ui/*.c))
APP_MAINS := src/app/onedoor.c src/app/onedoor_admin.c
APP_SRC  := $(filter-out $(APP_MAINS),$(sort $(wildcard src/app/*.c)))
SQL_SRC  := $(sort $(wildcard src/sql/migrations/*.sql)) src/sql/engine.sql src/sql/demo.sql
PO_SRC   := $(sort $(wildcard src/po/*.po))

obj = $(patsubst %.c,$(BUILD)/obj/%.o,$(1))
LIBCORE := $(BUILD)/lib/libcore.a
LIBCFG  := $(BUILD)/lib/libcfg.a
LIBDB   := $(BUILD)/lib/libdb.a
LIBUI   := $(BUILD)/lib/libui.a
LIBAPP  := $(BUILD)/lib/libapp.a
GEN_SQL := $(BUILD)/gen/migrations.c
# The server's refusals, one N_() format each, from the migrations.
GEN_MSG := $(BUILD)/gen/server_messages.c
MIGRATIONS := $(sort $(wildcard src/sql/migrations/*.sql))

CLIENT := $(BUILD)/bin/onedoor
ADMIN  := $(BUILD)/bin/onedoor-admin
# The engine as a PostgreSQL server module (src/pgext, PGXS).
PGEXT_SO := $(BUILD)/pgext/onedoor_engine.so
MO     := $(patsubst src/po/%.po,$(BUILD)/share/locale/%/LC_MESSAGES/onedoor.mo,$(PO_SRC))
SHARE_LINKS := $(BUILD)/share/onedoor/forms $(BUILD)/share/onedoor/conf

UNIT_SRC   := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DBTEST_SRC := $(sort $(wildcard tests/db/test_*.c))
DBTEST_BIN := $(patsubst tests/db/%.c,$(BUILD)/tests/db_%,$(DBTEST_SRC))
BENCH_SRC  := $(sort $(wildcard tests/bench/bench_*.c))
BENCH_BIN  := $(patsubst tests/bench/%.c,$(BUILD)/tests/%,$(BENCH_SRC))

# Debian packages the project needs to build, test and run its embedded server.
DEB_PACKAGES := gcc clang make pkg-config gettext libncurses-dev libpq-dev \
                libiniparser-dev libcmocka-dev postgresql tmux procps \
                libclang-rt-14-dev postgresql-server-dev-15 pgbouncer locales
DEB_PACKAGES_DEB := build-essential debhelper devscripts lintian fakeroot

.PHONY: all run stop check tests test-unit test-db test-ui bench soak install uninstall \
        clean deps deps-deb asan ubsan pot deb install-man pgext install-pgext
.DEFAULT_GOAL := all
# Keep objects that pattern chains would otherwise delete as intermediates.
.SECONDARY:

all: $(CLIENT) $(ADMIN) $(MO) $(SHARE_LINKS) pgext

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(EXTRA_CFLAGS_$(word 2,$(subst /, ,$<))) -c $< -o $@

# Per-layer include paths: only cfg sees iniparser, only db libpq, only ui curses.
EXTRA_CFLAGS_cfg = $(INI_CFLAGS)
EXTRA_CFLAGS_db  = $(PQ_CFLAGS)
EXTRA_CFLAGS_ui  = $(CURSES_CFLAGS)
EXTRA_CFLAGS_bench = $(PQ_CFLAGS)
EXTRA_CFLAGS_fuzz  = $(PQ_CFLAGS)

# The names of the files embedded, rewritten only when they change: a
# migration removed or renamed then rebuilds what is made from them, which
# a rule on the files alone never notices (nothing is newer).
SQL_LIST := $(BUILD)/gen/sql-files.txt
ifeq ($(filter clean deps deps-deb,$(MAKECMDGOALS)),)
$(shell mkdir -p $(BUILD)/gen && echo '$(SQL_SRC)' | cmp -s - $(SQL_LIST) || \
	echo '$(SQL_SRC)' > $(SQL_LIST))
endif

$(GEN_SQL): $(SQL_SRC) $(SQL_LIST) src/sh/embed-sql.sh
	@mkdir -p $(@D)
	$(Q)sh src/sh/embed-sql.sh $(SQL_SRC) > $@.tmp && mv $@.tmp $@

$(GEN_MSG): $(MIGRATIONS) $(SQL_LIST) src/sh/server-messages.pl
	@mkdir -p $(@D)
	$(Q)perl src/sh/server-messages.pl $(MIGRATIONS) > $@.tmp && mv $@.tmp $@

$(BUILD)/lib/lib%.a:
	@mkdir -p $(@D)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(LIBCORE): $(call obj,$(CORE_SRC))
$(LIBCFG):  $(call obj,$(CFG_SRC))
$(LIBDB):   $(call obj,$(DB_SRC)) $(BUILD)/obj/$(GEN_SQL:.c=.o) $(BUILD)/obj/$(GEN_MSG:.c=.o)
$(LIBUI):   $(call obj,$(UI_SRC))
$(LIBAPP):  $(call obj,$(APP_SRC))

LAYERS   = $(LIBAPP) $(LIBUI) $(LIBDB) $(LIBCFG) $(LIBCORE)
ALL_LIBS = $(CURSES_LIBS) $(PQ_LIBS) $(INI_LIBS)

$(BUILD)/bin/onedoor: $(call obj,src/app/onedoor.c) $(LAYERS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)

# The server tool has no screens: it links neither src/ui nor curses, so its
# package does not pull the terminal libraries onto a database server.
ADMIN_LAYERS = $(LIBAPP) $(LIBDB) $(LIBCFG) $(LIBCORE)
$(BUILD)/bin/onedoor-admin: $(call obj,src/app/onedoor_admin.c) $(ADMIN_LAYERS)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PQ_LIBS) $(INI_LIBS)

$(BUILD)/share/locale/%/LC_MESSAGES/onedoor.mo: src/po/%.po
	@mkdir -p $(@D)
	$(Q)msgfmt --check -o $@ $<

# The programs find their data beside themselves (BIN/../share/onedoor), so the
# build tree mirrors an installation; links keep edits to forms/ and conf/ live.
$(BUILD)/share/onedoor/forms $(BUILD)/share/onedoor/conf:
	@mkdir -p $(@D)
	$(Q)ln -sfn "$(CURDIR)/$(notdir $@)" $@

# The server module: PGXS builds it in $(BUILD)/pgext from src/core and
# src/pgext (src/pgext/Makefile; PGXS knows what is out of date).  Never
# with the sanitizers: a server process cannot load an ASan library.  The
# test clusters and `make run` load it from there (src/sh/pgcluster.sh).
# MAKEFLAGS is emptied so that our CFLAGS/SANFLAGS given on the command
# line do not replace PostgreSQL's; only the compiler is handed on.
PGEXT_MAKE = MAKEFLAGS= $(MAKE) --no-print-directory -C $(BUILD)/pgext \
	     -f $(CURDIR)/src/pgext/Makefile TOP=$(CURDIR) CC='$(CC)'
pgext:
	@mkdir -p $(BUILD)/pgext
	@$(if $(Q),echo "  PGXS    $(PGEXT_SO)")
	$(Q)$(PGEXT_MAKE) $(if $(Q),-s >/dev/null)

# Into `pg_config --pkglibdir` under DESTDIR (the package
# postgresql-15-onedoor ships it from there).
install-pgext: pgext
	$(PGEXT_MAKE) install DESTDIR='$(DESTDIR)'

# Tests ---------------------------------------------------------------------
$(BUILD)/tests/test_%: $(call obj,tests/unit/test_%.c) $(LIBCFG) $(LIBCORE)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INI_LIBS) $(CMOCKA_LIBS)

# The matcher of the server's refusals, with the table made from the migrations.
$(BUILD)/tests/test_server_message: $(call obj,tests/unit/test_server_message.c) \
		$(BUILD)/obj/$(GEN_MSG:.c=.o) $(LIBCFG) $(LIBCORE)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INI_LIBS) $(CMOCKA_LIBS)

# Unit tests of the screens' view logic (tests/unit/test_ui_*.c) link the
# ui layer too; nothing in them draws.
$(BUILD)/tests/test_ui_%: $(call obj,tests/unit/test_ui_%.c) $(LIBUI) $(LIBDB) $(LIBCFG) $(LIBCORE)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/db_test_%: $(call obj,tests/db/test_%.c) $(LIBDB) $(LIBCFG) $(LIBCORE)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(PQ_LIBS) $(INI_LIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/bench_%: $(call obj,tests/bench/bench_%.c) $(LAYERS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS)


# The fuzz regression replay runs the fuzz targets' entry code (tests/fuzz).
$(BUILD)/tests/test_fuzz_regressions: $(call obj,tests/unit/test_fuzz_regressions.c \
		tests/fuzz/entries.c) $(LIBCFG) $(LIBCORE)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(INI_LIBS) $(PQ_LIBS) $(CMOCKA_LIBS)

# The soak: many connections at once against a restarting server.
SOAK_BIN := $(BUILD)/tests/soak
$(SOAK_BIN): $(call obj,tests/soak/soak.c) $(LAYERS)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^ $(ALL_LIBS) -lpthread

# The benchmarks' WAN: a proxy that delays every byte by half the RTT.
WAN_PROXY := $(BUILD)/tests/wan_proxy
$(WAN_PROXY): $(call obj,tests/bench/wan_proxy.c)
	@mkdir -p $(@D)
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $^

tests: all $(UNIT_BIN) $(DBTEST_BIN) $(BENCH_BIN) $(SOAK_BIN) $(WAN_PROXY)

# `check` first installs what is missing, then builds in a second make so
# that the library flags are computed with pkg-config present.
check: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)sh tests/run.sh $(BUILD) all

test-unit test-db test-ui: tests
	$(Q)sh tests/run.sh $(BUILD) $(patsubst test-%,%,$@)

asan ubsan:
	$(Q)$(MAKE) --no-print-directory check SANITIZE=1

bench: deps
	$(Q)$(MAKE) --no-print-directory tests OPTFLAGS="-O2 -g"
	$(Q)sh tests/bench/run.sh $(BUILD)

# Fuzzing -------------------------------------------------------------------
# make fuzz SECONDS=N: each tests/fuzz/fuzz_NAME.c built with clang's
# libFuzzer, ASan and UBSan into FUZZ_BUILD and run N seconds on its seeds
# (tests/fuzz/corpus/NAME), one target at a time; findings are left in
# FUZZ_BUILD/crashes/NAME.  `make check` replays every seed and recorded
# crash (tests/unit/test_fuzz_regressions.c) without time-based fuzzing.
FUZZ_BUILD ?= build-fuzz
SECONDS    ?= 60
FUZZ_CC    ?= clang
FUZZ_SAN   := -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
              -fno-omit-frame-pointer
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

.PHONY: fuzz fuzz-build
fuzz: deps
	$(Q)$(MAKE) --no-print-directory fuzz-build BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	  SANFLAGS="$(FUZZ_SAN)"
	$(Q)sh tests/fuzz/run.sh $(FUZZ_BUILD) $(SECONDS) $(FUZZ_NAMES)

fuzz-build: $(patsubst %,$(BUILD)/fuzz/fuzz_%,$(FUZZ_NAMES))

$(BUILD)/fuzz/fuzz_%: $(call obj,tests/fuzz/fuzz_%.c tests/fuzz/entries.c) $(LIBCFG) $(LIBCORE)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(INI_LIBS) $(PQ_LIBS)

# `make soak SECONDS=N`: 200 workers for N seconds (default 120), the
# server restarted once half-way; a short version runs inside `make check`.
soak: deps
	$(Q)$(MAKE) --no-print-directory tests
	$(Q)sh tests/soak/run.sh $(BUILD) $(or $(SECONDS),120) 200

# The embedded default ---------------------------------------------------------
run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)sh src/sh/devserver.sh run $(BUILD)

stop:
	$(Q)sh src/sh/devserver.sh stop $(BUILD)

deps:
	$(Q)sh src/sh/deps.sh $(DEB_PACKAGES)

deps-deb:
	$(Q)sh src/sh/deps.sh $(DEB_PACKAGES) $(DEB_PACKAGES_DEB)

pot: $(GEN_MSG)
	xgettext --from-code=UTF-8 -k_ -kN_ -o src/po/onedoor.pot --package-name=onedoor \
	  $(CORE_SRC) $(CFG_SRC) $(DB_SRC) $(UI_SRC) $(APP_SRC) $(APP_MAINS) include/onedoor/*.h \
	  $(GEN_MSG)

# Installation ----------------------------------------------------------------
install: all install-man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(DATADIR)/onedoor/forms \
	  $(DESTDIR)$(DATADIR)/onedoor/conf $(DESTDIR)$(SYSCONFDIR)/onedoor
	install -m 0755 $(CLIENT) $(DESTDIR)$(BINDIR)/onedoor
	install -m 0755 $(ADMIN) $(DESTDIR)$(SBINDIR)/onedoor-admin
	for f in forms/*.ini; do [ ! -f "$$f" ] || install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/onedoor/forms/; done
	cp -R conf/. $(DESTDIR)$(DATADIR)/onedoor/conf/
	# Notes for the maintainers of conf/ are not documentation of the package.
	find $(DESTDIR)$(DATADIR)/onedoor/conf -name README.md -delete
	install -m 0644 conf/onedoor.ini $(DESTDIR)$(SYSCONFDIR)/onedoor/onedoor.ini
	install -m 0644 conf/admin.ini $(DESTDIR)$(SYSCONFDIR)/onedoor/admin.ini
	for mo in $(MO); do \
	  lang=$$(echo $$mo | sed 's|.*/locale/\([^/]*\)/.*|\1|'); \
	  install -d $(DESTDIR)$(DATADIR)/locale/$$lang/LC_MESSAGES; \
	  install -m 0644 $$mo $(DESTDIR)$(DATADIR)/locale/$$lang/LC_MESSAGES/onedoor.mo; \
	done

# Manual pages: roff sources in packaging/man, NAME.SECTION.
MAN_PAGES := $(sort $(wildcard packaging/man/*.[1-8]))
install-man:
	for m in $(MAN_PAGES); do \
	  s=$${m##*.}; install -d $(DESTDIR)$(MANDIR)/man$$s; \
	  install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/onedoor $(DESTDIR)$(SBINDIR)/onedoor-admin
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man,$(foreach m,$(MAN_PAGES),$(subst .,,$(suffix $(m)))/$(notdir $(m))))
	rm -rf $(DESTDIR)$(DATADIR)/onedoor
	rm -f $(DESTDIR)$(DATADIR)/locale/*/LC_MESSAGES/onedoor.mo

# Debian packages -----------------------------------------------------------
# From a clean copy of the committed tree (DEB_REF, default HEAD; "." takes
# the working tree's files), so that work in progress never reaches a
# package; packaging/debian becomes its debian/.  The .deb files end up in
# DEB_DIR, not beside the repository.  See packaging/build-deb.sh.
DEB_DIR ?= $(BUILD)/deb
DEB_REF ?= HEAD
deb: deps-deb
	$(Q)sh packaging/build-deb.sh $(DEB_DIR) $(DEB_REF)

clean:
	rm -rf build build-san build-clang

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)
