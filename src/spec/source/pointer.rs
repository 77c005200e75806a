//! RFC 6901 JSON pointers: `/alarmThresholds/memoryUtilization`, with `~0` for `~` and `~1`
//! for `/` inside a key.

/// The unescaped reference tokens of an RFC 6901 JSON pointer; `None` when it is malformed.
pub fn tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    pointer
        .strip_prefix('/')?
        .split('/')
        .map(unescape)
        .collect()
}

fn unescape(token: &str) -> Option<String> {
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '0' => out.push('~'),
            '1' => out.push('/'),
            _ => return None,
        }
    }
    Some(out)
}

/// A list index token: digits, no leading zero (RFC 6901).
pub(super) fn list_index(token: &str) -> Option<usize> {
    let canonical = token == "0" || !token.starts_with('0');
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    (canonical && digits).then(|| token.parse().ok()).flatten()
}

/// Appends `/token` to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            _ => pointer.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_unescaped_in_the_rfc_order() {
        let parsed = tokens("/a~1b/m~0n/~01/");
        let expected = ["a/b", "m~n", "~1", ""].map(String::from).to_vec();
        assert_eq!(parsed, Some(expected));
        assert_eq!(tokens(""), Some(Vec::new()));
        assert_eq!(tokens("a"), None);
        assert_eq!(tokens("/~"), None);
        assert_eq!(tokens("/~2"), None);
    }

    #[test]
    fn list_indices_are_plain_decimals() {
        let parsed = ["0", "7", "10", "01", "-1", "+1", "", "x"].map(list_index);
        assert_eq!(
            parsed,
            [Some(0), Some(7), Some(10), None, None, None, None, None]
        );
    }

    #[test]
    fn push_token_escapes_what_tokens_unescapes() {
        let mut pointer = String::new();
        for key in ["a/b", "~1", ""] {
            push_token(&mut pointer, key);
        }
        assert_eq!(pointer, "/a~1b/~01/");
        assert_eq!(
            tokens(&pointer),
            Some(["a/b", "~1", ""].map(String::from).to_vec())
        );
    }
}
