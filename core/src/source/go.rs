//! Go's standard parsers, as the components use them: `strconv.ParseBool`,
//! `strconv.ParseInt` with base 0 (pflag's int flags, go-yaml v2's integers) and
//! `time.ParseDuration`.

/// Go's `strconv.ParseBool`.
pub fn parse_bool(s: &str) -> Option<bool> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Some(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Some(false),
        _ => None,
    }
}

/// Go's `strconv.ParseInt(s, 0, bits)` (bits up to 64): sign, `0x`/`0o`/`0b`/`0`
/// prefixes, underscores between digits.
pub fn parse_go_int(s: &str, bits: u32) -> Option<i64> {
    parse_int(s, bits, false).map(|v| v as i64)
}

/// `ParseInt(s, 0, bits)`, or with `unsigned_fallback` then `ParseUint(s, 0, 64)`, as
/// go-yaml v2 resolves integers.
pub fn parse_int(s: &str, bits: u32, unsigned_fallback: bool) -> Option<i128> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if body.is_empty() {
        return None;
    }
    let lower = body.to_ascii_lowercase();
    let (base, digits) = if lower.len() >= 3 && lower.starts_with("0x") {
        (16, &body[2..])
    } else if lower.len() >= 3 && lower.starts_with("0b") {
        (2, &body[2..])
    } else if lower.len() >= 3 && lower.starts_with("0o") {
        (8, &body[2..])
    } else if let Some(rest) = body.strip_prefix('0') {
        (8, rest)
    } else {
        (10, body)
    };
    let mut n: u128 = 0;
    let mut underscores = false;
    for c in digits.chars() {
        if c == '_' {
            underscores = true;
            continue;
        }
        let d = c.to_digit(base)?;
        n = n.checked_mul(base as u128)?.checked_add(d as u128)?;
        if n > 1 << 64 {
            return None;
        }
    }
    if underscores && !underscore_ok(s) {
        return None;
    }
    let limit: u128 = 1 << (bits - 1);
    if neg && n > limit {
        return None;
    }
    if !neg && n >= limit && !(unsigned_fallback && n <= u64::MAX as u128) {
        return None;
    }
    let v = n as i128;
    Some(if neg { -v } else { v })
}

/// Go's `underscoreOK`: underscores only between digits (or after a base prefix).
fn underscore_ok(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let mut saw = b'^';
    let mut hex = false;
    if b.len() >= i + 2 && b[i] == b'0' && matches!(b[i + 1].to_ascii_lowercase(), b'b' | b'o' | b'x') {
        hex = b[i + 1].eq_ignore_ascii_case(&b'x');
        i += 2;
        saw = b'0';
    }
    for &c in &b[i..] {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
        } else if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
        } else {
            if saw == b'_' {
                return false;
            }
            saw = b'!';
        }
    }
    saw != b'_'
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub fn parse_duration(s: &str) -> Option<i64> {
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Some(0);
    }
    if rest.is_empty() {
        return None;
    }
    let mut total: u128 = 0;
    while !rest.is_empty() {
        let int_len = rest.bytes().take_while(u8::is_ascii_digit).count();
        let whole: u128 = if int_len > 0 { rest[..int_len].parse().ok().filter(|v| *v < 1 << 63)? } else { 0 };
        rest = &rest[int_len..];
        let mut fraction = "";
        let mut has_fraction = false;
        if let Some(after) = rest.strip_prefix('.') {
            let len = after.bytes().take_while(u8::is_ascii_digit).count();
            fraction = &after[..len];
            has_fraction = len > 0;
            rest = &after[len..];
        }
        if int_len == 0 && !has_fraction {
            return None;
        }
        let unit_len = rest.find(|c: char| c == '.' || c.is_ascii_digit()).unwrap_or(rest.len());
        let unit: u128 = match &rest[..unit_len] {
            "ns" => 1,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return None,
        };
        rest = &rest[unit_len..];
        let mut v = whole.checked_mul(unit)?;
        if !fraction.is_empty() {
            // Go scales the fraction in float64 and truncates.
            let f: f64 = format!("0.{fraction}").parse().ok()?;
            v += (f * unit as f64) as u128;
        }
        total = total.checked_add(v)?;
        if total > 1 << 63 {
            return None;
        }
    }
    if neg {
        Some((-(total as i128)) as i64)
    } else if total > i64::MAX as u128 {
        None
    } else {
        Some(total as i64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_ints() {
        assert_eq!(parse_go_int("10255", 32), Some(10255));
        assert_eq!(parse_go_int("0x10", 32), Some(16));
        assert_eq!(parse_go_int("010", 32), Some(8));
        assert_eq!(parse_go_int("0", 32), Some(0));
        assert_eq!(parse_go_int("-0", 32), Some(0));
        assert_eq!(parse_go_int("+5", 32), Some(5));
        assert_eq!(parse_go_int("1_000", 32), Some(1000));
        assert_eq!(parse_go_int("0x_1f", 32), Some(31));
        assert_eq!(parse_go_int("1__0", 32), None);
        assert_eq!(parse_go_int("_1", 32), None);
        assert_eq!(parse_go_int("08", 32), None);
        assert_eq!(parse_go_int("2147483647", 32), Some(i32::MAX as i64));
        assert_eq!(parse_go_int("2147483648", 32), None);
        assert_eq!(parse_go_int("-2147483648", 32), Some(i32::MIN as i64));
        assert_eq!(parse_go_int("", 32), None);
        assert_eq!(parse_go_int("1.0", 32), None);
        assert_eq!(parse_go_int(" 1", 32), None);
    }

    #[test]
    fn go_durations() {
        assert_eq!(parse_duration("0"), Some(0));
        assert_eq!(parse_duration("4h0m0s"), Some(4 * 3_600_000_000_000));
        assert_eq!(parse_duration("1.5h"), Some(5_400_000_000_000));
        assert_eq!(parse_duration("300ms"), Some(300_000_000));
        assert_eq!(parse_duration("-1m"), Some(-60_000_000_000));
        assert_eq!(parse_duration("1h30m"), Some(5_400_000_000_000));
        assert_eq!(parse_duration(".5s"), Some(500_000_000));
        assert_eq!(parse_duration("5"), None);
        assert_eq!(parse_duration("0s"), Some(0));
        assert_eq!(parse_duration(""), None);
        assert_eq!(parse_duration("1d"), None);
        assert_eq!(parse_duration("."), None);
        assert_eq!(parse_duration("9999999999h"), None);
    }
}
