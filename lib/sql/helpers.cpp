// The SQL functions a translated program calls where PostgreSQL's own operators differ
// from kzrules's: dates as the language reads them, byte offsets in substr, integer
// powers, unsigned arithmetic that may not go below zero, and ranges that end before
// `to`. Each raises the SQLSTATE the backend maps back to kzrules's error code.
#include "sql/helpers.hpp"

namespace kz::sql {

std::vector<std::string> helper_functions() {
  return {
      // A result of unsigned arithmetic: below zero is outside the unsigned range (E0402).
      R"(CREATE OR REPLACE FUNCTION kz_unsigned(v bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
BEGIN
  IF v < 0 THEN RAISE EXCEPTION 'integer overflow: below 0, outside the unsigned range' USING ERRCODE = '22003'; END IF;
  RETURN v;
END $f$)",
      // base ^ exp in integers, as kzrules computes it (a negative exponent gives 0 but for 1 and -1).
      R"(CREATE OR REPLACE FUNCTION kz_ipow(b bigint, e bigint) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
DECLARE r bigint := 1;
BEGIN
  IF e < 0 THEN
    RETURN CASE WHEN b = 1 THEN 1 WHEN b = -1 THEN CASE WHEN e % 2 <> 0 THEN -1 ELSE 1 END ELSE 0 END;
  END IF;
  WHILE e > 0 LOOP
    IF e % 2 = 1 THEN r := r * b; END IF;
    e := e / 2;
    IF e > 0 THEN b := b * b; END IF;
  END LOOP;
  RETURN r;
END $f$)",
      R"(CREATE OR REPLACE FUNCTION kz_fmod(a double precision, b double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT AS $f$ SELECT a - b * trunc(a / b) $f$)",
      // A shift by 0 to 63 bits; anything else is an error, as in process.
      R"(CREATE OR REPLACE FUNCTION kz_shift_count(n bigint) RETURNS integer LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
BEGIN
  IF n < 0 OR n > 63 THEN RAISE EXCEPTION 'a shift by % bits: shifts take 0 to 63', n USING ERRCODE = 'KZ404'; END IF;
  RETURN n::integer;
END $f$)",
      R"(CREATE OR REPLACE FUNCTION kz_shru(v bigint, n integer) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $f$
SELECT CASE WHEN n = 0 THEN v ELSE (v >> n) & ~((-1)::bigint << (64 - n)) END $f$)",
      // substr counts bytes from 0, as Soufflé does; out of range gives "" (kzrules warns, W0008).
      R"(CREATE OR REPLACE FUNCTION kz_substr(s text, i bigint, n bigint) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $f$
SELECT CASE WHEN i < 0 OR n < 0 OR i > octet_length(s) THEN ''
            ELSE convert_from(substring(convert_to(s, 'UTF8') FROM (i + 1)::integer FOR least(n, octet_length(s))::integer), 'UTF8')
       END $f$)",
      // to_number: decimal, or 0x hexadecimal and 0b binary, the whole text.
      R"(CREATE OR REPLACE FUNCTION kz_to_number(s text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
DECLARE digits text; negative boolean; v bigint := 0; base integer;
BEGIN
  IF s ~ '^[-+]?[0-9]+$' THEN RETURN s::bigint; END IF;
  IF s ~* '^-?0x[0-9a-f]+$' THEN base := 16; ELSIF s ~* '^-?0b[01]+$' THEN base := 2;
  ELSE RAISE EXCEPTION '"%" is not a number', s USING ERRCODE = 'KZ404'; END IF;
  negative := left(s, 1) = '-';
  digits := lower(substr(s, CASE WHEN negative THEN 4 ELSE 3 END));
  FOR k IN 1 .. length(digits) LOOP
    v := v * base + position(substr(digits, k, 1) IN '0123456789abcdef') - 1;
  END LOOP;
  RETURN CASE WHEN negative THEN -v ELSE v END;
END $f$)",
      R"(CREATE OR REPLACE FUNCTION kz_to_float(s text) RETURNS double precision LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
BEGIN
  IF s !~* '^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[-+]?[0-9]+)?$|^-?(inf|infinity|nan)$' THEN
    RAISE EXCEPTION '"%" is not a float', s USING ERRCODE = 'KZ404';
  END IF;
  RETURN s::double precision;
END $f$)",
      R"(CREATE OR REPLACE FUNCTION kz_to_unsigned(s text) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
BEGIN
  IF s !~ '^[0-9]+$' THEN RAISE EXCEPTION '"%" is not an unsigned number', s USING ERRCODE = 'KZ404'; END IF;
  RETURN s::bigint;
END $f$)",
      // A date symbol, "YYYY", "YYYY-MM" or "YYYY-MM-DD", as {year, month, day}.
      R"(CREATE OR REPLACE FUNCTION kz_date(s text) RETURNS integer[] LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
DECLARE m text[]; mo integer; d integer;
BEGIN
  m := regexp_match(s, '^(-?[0-9]+)(?:-([0-9]+)(?:-([0-9]+))?)?$');
  IF m IS NULL OR length(m[1]) > 9 OR length(coalesce(m[2], '')) > 9 OR length(coalesce(m[3], '')) > 9 THEN
    RAISE EXCEPTION '"%" is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)', s USING ERRCODE = 'KZ404';
  END IF;
  mo := coalesce(m[2]::integer, 1);
  d := coalesce(m[3]::integer, 1);
  IF mo < 1 OR mo > 12 OR d < 1 OR d > 31 THEN
    RAISE EXCEPTION '"%" is not a date (write YYYY, YYYY-MM or YYYY-MM-DD)', s USING ERRCODE = 'KZ404';
  END IF;
  RETURN ARRAY[m[1]::integer, mo, d];
END $f$)",
      // Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
      R"(CREATE OR REPLACE FUNCTION kz_days(dt integer[]) RETURNS bigint LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
DECLARE y bigint := dt[1]; m bigint := dt[2]; d bigint := dt[3]; era bigint; yoe bigint; doy bigint; doe bigint;
BEGIN
  IF m <= 2 THEN y := y - 1; END IF;
  era := (CASE WHEN y >= 0 THEN y ELSE y - 399 END) / 400;
  yoe := y - era * 400;
  doy := (153 * (m + CASE WHEN m > 2 THEN -3 ELSE 9 END) + 2) / 5 + d - 1;
  doe := yoe * 365 + yoe / 4 - yoe / 100 + doy;
  RETURN era * 146097 + doe - 719468;
END $f$)",
      // range(from, to[, step]): from, from + step, ... up to `to`, not included; step 0
      // gives `from` alone unless it is `to`.
      R"(CREATE OR REPLACE FUNCTION kz_range(a bigint, b bigint, s bigint) RETURNS SETOF bigint LANGUAGE sql IMMUTABLE STRICT AS $f$
SELECT a WHERE s = 0 AND a <> b
UNION ALL
SELECT v FROM generate_series(a, CASE WHEN s > 0 THEN b - 1 ELSE b + 1 END, CASE WHEN s = 0 THEN 1 ELSE s END) AS v
WHERE (s > 0 AND a < b) OR (s < 0 AND a > b) $f$)",
      R"(CREATE OR REPLACE FUNCTION kz_range(a double precision, b double precision, s double precision)
RETURNS SETOF double precision LANGUAGE sql IMMUTABLE STRICT AS $f$
SELECT a WHERE s = 0 AND a <> b AND a <> 'Infinity' AND a <> '-Infinity' AND b <> 'Infinity' AND b <> '-Infinity'
UNION ALL
SELECT a + k * s FROM generate_series(0::bigint, CASE WHEN s = 0 OR a = 'Infinity' OR a = '-Infinity' OR b = 'Infinity'
    OR b = '-Infinity' OR a = 'NaN' OR b = 'NaN' OR s = 'NaN' THEN -1 ELSE greatest(ceil((b - a) / s)::bigint, 0) END) AS k
WHERE (s > 0 AND a + k * s < b) OR (s < 0 AND a + k * s > b) $f$)",
  };
}

}  // namespace kz::sql
