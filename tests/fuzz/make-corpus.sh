#!/usr/bin/env bash
# Builds the seed corpora of the libFuzzer harnesses from the repository's own inputs:
#   tests/fuzz/make-corpus.sh OUT   ->  OUT/parser, OUT/pipeline, OUT/facts
# Programs: tests/golden/*/program.dl, examples/**/*.dl, rules/**/*.kz (each file, and a
# rules folder as one program), every raw string R"(...)" of the Catch2 tests, and the
# hand-written seeds in tests/fuzz/seeds/programs. Facts: every fact and CSV file of the
# tests, examples and rules, behind the 3-byte header fuzz_facts reads (format, arity,
# column kinds), plus the hand-made edge cases in tests/fuzz/seeds/facts. Files are named
# by content hash, so a rerun adds nothing twice. Needs only bash, perl and coreutils.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${1:?usage: tests/fuzz/make-corpus.sh OUT_DIR}
mkdir -p "$out/parser" "$out/pipeline" "$out/facts"

# add DIR < content
add() {
  local tmp
  tmp=$(mktemp "$1/.new.XXXXXX")
  cat > "$tmp"
  if [ ! -s "$tmp" ]; then rm -f "$tmp"; return 0; fi
  mv -f "$tmp" "$1/$(sha1sum "$tmp" | cut -c1-40)"
}

add_program() {  # file
  add "$out/parser" < "$1"
  add "$out/pipeline" < "$1"
}

# --- programs ------------------------------------------------------------------------
shopt -s nullglob globstar
for f in tests/golden/*/program.dl examples/**/*.dl rules/**/*.kz rules/**/*.dl tests/fuzz/seeds/programs/*; do
  [ -f "$f" ] && add_program "$f"
done
for d in rules/*/; do  # a rules folder is one program: its .kz/.dl files in name order
  files=("$d"*.kz "$d"*.dl)
  [ ${#files[@]} -gt 0 ] || continue
  cat "${files[@]}" | tee >(add "$out/parser") | add "$out/pipeline"
done
# Raw strings of the tests: each R"( ... )" is a program (or a piece of one).
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
perl -0777 -ne '
  my $n = 0;
  while (/R"\((.*?)\)"/sg) { open(my $fh, ">", "'"$tmpdir"'/raw" . $. . "_" . $n++) or die; print $fh $1; close $fh; }
' tests/**/*.cpp
for f in "$tmpdir"/raw*; do add_program "$f"; done

# --- facts ---------------------------------------------------------------------------
# Header byte 0: bits 0-1 delimiter (0 tab, 1 ',', 2 ';', 3 '|'), bit 2 headers, bit 3
# rfc4180. Byte 1: arity - 1 (0..3). Byte 2: two bits a column (0 number, 1 unsigned,
# 2 float, 3 symbol).
add_fact() {  # format_byte arity kinds_byte file
  { printf "\\x$(printf %02x "$1")\\x$(printf %02x "$2")\\x$(printf %02x "$3")"; cat "$4"; } | add "$out/facts"
}
for f in tests/**/*.facts tests/**/*.csv examples/**/*.facts examples/**/*.csv rules/**/*.csv rules/**/*.facts; do
  [ -f "$f" ] || continue
  case "$f" in tests/fuzz/*) continue ;; esac
  case "$f" in
    *.csv) delim=','; fmt=$((1 | 4 | 8)) ;;
    *) delim=$'\t'; fmt=0 ;;
  esac
  fields=$(head -n 1 "$f" | tr -cd "$delim" | wc -c)
  arity=$((fields + 1)); [ "$arity" -gt 4 ] && arity=4
  add_fact "$fmt" $((arity - 1)) 255 "$f"   # all symbols
  add_fact "$fmt" $((arity - 1)) 0 "$f"     # all numbers
  add_fact $((fmt & 3)) $((arity - 1)) 255 "$f"  # no headers, no quotes
done
# Hand-made edge cases, already behind their header: BOM, CRLF, quotes, a newline in
# quotes, blank lines, bad numbers, floats, bad UTF-8, a header that reorders columns.
for f in tests/fuzz/seeds/facts/*; do add "$out/facts" < "$f"; done

for d in parser pipeline facts; do
  echo "$d: $(find "$out/$d" -type f | wc -l) seeds"
done
